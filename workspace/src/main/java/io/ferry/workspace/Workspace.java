package io.ferry.workspace;

import io.ferry.alerts.AlertsSettings;
import io.ferry.backfill.Backfills;
import io.ferry.backfill.JobDefinition;
import io.ferry.backfill.event.BackfillListener;
import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.ProjectFormat;
import io.ferry.migration.Status;
import io.ferry.migration.api.Durations;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.jdbc.Session;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.lint.LintSettings;
import io.ferry.migration.schema.RelationName;
import io.ferry.migration.schema.SchemaScope;
import io.ferry.migration.schema.SchemaSnapshot;
import io.ferry.migration.sql.Quote;
import io.ferry.migration.sql.SqlSplitter;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.sql.SqlSyntaxException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A project and its database, resolved once, as {@code ferry} and the runbook server both see them:
 * what the user gave ({@link ProjectSettings}, {@link ConnectionSettings}, {@link RunSettings}: flags)
 * wins over environment variables, which win over {@code ferry.yaml}, which wins over the defaults. The
 * database is opened only on first use; without a URL anywhere, that is the embedded server: the one
 * running in {@code .ferry/pg} (kept up by {@code ferry db start}), or one started for this workspace
 * and stopped when it is closed, unless another process still uses it.
 */
public final class Workspace implements AutoCloseable {

    private final ProjectConfig config;
    private final Path configFile;
    private final List<Path> dirs;
    private final String schema;
    /** The format the flags or ferry.yaml force, or null to tell it from the files. */
    private final ProjectFormat forcedFormat;
    private ProjectFormat format;
    private final boolean ignoreMisnamed;
    private final Map<String, String> placeholders = new HashMap<>();
    private final ConnectionSettings connection;
    private final RunSettings run;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final LintConfig lint;
    private EmbeddedServer embedded;

    private Workspace(ProjectSettings project, ConnectionSettings connection, RunSettings run,
                      Map<String, String> env, PrintWriter err) {
        this.env = Objects.requireNonNull(env, "env");
        this.err = Objects.requireNonNull(err, "err");
        this.connection = connection == null ? ConnectionSettings.NONE : connection;
        this.run = run == null ? RunSettings.NONE : run;
        Path named = namedProjectFile(project, env);
        Path file = named != null ? named : Path.of("ferry.yaml");
        if (named != null && !Files.isRegularFile(file)) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "project file " + file + " does not exist",
                    project.config() != null ? "check the --config path" : "check FERRY_CONFIG");
        }
        this.configFile = file;
        this.config = Files.isRegularFile(file) ? ProjectConfig.read(file) : ProjectConfig.empty();
        if (project.dirs() != null && !project.dirs().isEmpty()) {
            this.dirs = project.dirs();
        } else if (env.get("FERRY_DIR") != null && !env.get("FERRY_DIR").isBlank()) {
            this.dirs = Arrays.stream(env.get("FERRY_DIR").split(",")).map(String::trim).map(Path::of).toList();
        } else if (config.dirs() != null && !config.dirs().isEmpty()) {
            // Folders in the project file are relative to the file, wherever the command runs.
            Path base = file.toAbsolutePath().getParent();
            this.dirs = config.dirs().stream().map(d -> relativeTo(base, Path.of(d))).toList();
        } else {
            this.dirs = List.of(Path.of("migrations"));
        }
        this.schema = first(project.schema(), config.schema(), "public");
        String format = config.format() == null ? "auto" : config.format().strip().toLowerCase(Locale.ROOT);
        if (!format.equals("auto") && !format.equals("ferry") && !format.equals("flyway")) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "ferry.yaml: format '" + config.format()
                    + "' is not known", "write format: auto (the default: told from the files), ferry or flyway");
        }
        this.forcedFormat = project.flyway() || format.equals("flyway") ? ProjectFormat.FLYWAY
                : format.equals("ferry") ? ProjectFormat.NATIVE : null;
        this.ignoreMisnamed = project.ignoreMisnamed();
        this.lint = LintConfig.parse(config.lint(), file);
        if (config.placeholders() != null) {
            placeholders.putAll(config.placeholders());
        }
        if (project.placeholders() != null) {
            placeholders.putAll(project.placeholders());
        }
    }

    /** The project file that --config, then FERRY_CONFIG, names; null when neither does (ferry.yaml, if any). */
    static Path namedProjectFile(ProjectSettings project, Map<String, String> env) {
        String fromEnv = env.get("FERRY_CONFIG");
        return project.config() != null ? project.config()
                : fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv.strip()) : null;
    }

    private static Path relativeTo(Path base, Path dir) {
        if (dir.isAbsolute()) {
            return dir;
        }
        Path resolved = base.resolve(dir).normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return resolved.startsWith(cwd) ? cwd.relativize(resolved) : resolved;
    }

    /**
     * True when the project is read in Flyway's format: as --flyway or ferry.yaml's format says, or else
     * as the files show (Flyway names and no {@code -- ferry:} headers).
     */
    public boolean isFlyway() {
        if (format == null) {
            format = forcedFormat != null ? forcedFormat : ProjectFormat.detect(dirs);
        }
        return format == ProjectFormat.FLYWAY;
    }

    /** The project's files and settings, before any database is involved. */
    private FerryConfiguration project(FerryConfiguration configuration, boolean forceFlyway) {
        configuration.locations(dirs.toArray(Path[]::new)).schema(schema).placeholders(placeholders)
                .ignoreMisnamed(ignoreMisnamed);
        if (config.flywayTable() != null) {
            configuration.flywayTable(config.flywayTable());
        }
        return forceFlyway || isFlyway() ? configuration.flyway() : configuration;
    }

    /**
     * For work that only reads the migration files: connection and run settings are not looked at.
     *
     * @param project what the user gave; {@link ProjectSettings#NONE} for nothing
     * @param env     the environment to read ({@code FERRY_DIR}, {@code FERRY_CONFIG}, {@code FERRY_URL},
     *                ...), usually {@link System#getenv()}
     * @param err     where notes go (the embedded server's, a failure to stop it), each line starting
     *                with {@code ferry: }
     * @throws FerryException when the project file is named but missing, cannot be read, or is invalid
     */
    public static Workspace files(ProjectSettings project, Map<String, String> env, PrintWriter err) {
        return new Workspace(project, null, null, env, err);
    }

    /** For work that reads the database; see {@link #files}. Null connection settings: none given. */
    public static Workspace database(ProjectSettings project, ConnectionSettings connection, Map<String, String> env,
                                     PrintWriter err) {
        return new Workspace(project, connection, null, env, err);
    }

    /** For work that changes the database; see {@link #files}. Null connection or run settings: none given. */
    public static Workspace run(ProjectSettings project, ConnectionSettings connection, RunSettings run,
                                Map<String, String> env, PrintWriter err) {
        return new Workspace(project, connection, run, env, err);
    }

    public String schema() {
        return schema;
    }

    public List<Path> dirs() {
        return dirs;
    }

    public ProjectConfig config() {
        return config;
    }

    /** The migration files as a graph, without touching any database. */
    public RevisionGraph graph() {
        return project(Ferry.configure(), false).graph();
    }

    /** Ferry for this project and database; connects (or starts the embedded server) on first use. */
    public Ferry ferry(Function<FerryConfiguration, FerryConfiguration> customise) {
        return ferry(customise, false);
    }

    /** Ferry for a Flyway project, whatever the flags and project file say: for Flyway's own commands. */
    public Ferry flywayFerry(Function<FerryConfiguration, FerryConfiguration> customise) {
        return ferry(customise, true);
    }

    private Ferry ferry(Function<FerryConfiguration, FerryConfiguration> customise, boolean forceFlyway) {
        // The run's settings are read before connecting, so that a bad one changes nothing.
        Function<FerryConfiguration, FerryConfiguration> settings = runSettings();
        Duration connectTimeout = connectTimeout();
        ConnectionSpec spec = connectionSpec();
        FerryConfiguration configuration = project(Ferry.configure().connectTimeout(connectTimeout)
                .dataSource(spec.jdbcUrl(), spec.user(), spec.password()), forceFlyway);
        return customise.apply(settings.apply(configuration)).load();
    }

    /** The run options (flags, then ferry.yaml), checked, as a step that applies them to a configuration. */
    private Function<FerryConfiguration, FerryConfiguration> runSettings() {
        Duration lockWait = duration(run.lockWait(), "lock-wait", config.lockWait());
        Duration lockTimeout = duration(run.lockTimeout(), "lock-timeout", config.lockTimeout());
        Duration statementTimeout = duration(run.statementTimeout(), "statement-timeout", config.statementTimeout());
        Duration lockRetryFor = duration(run.lockRetryFor(), "lock-retry-for", config.lockRetryFor());
        Integer retries = run.retries() != null ? run.retries() : config.retries();
        if (retries != null && retries < 0) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "retries must be 0 or more, not " + retries,
                    "give the most attempts to make after the first, for example --retries 10, or leave it out"
                            + " to be bound by --lock-retry-for alone");
        }
        return configuration -> {
            if (lockWait != null) {
                configuration.lockWait(lockWait);
            }
            if (lockTimeout != null) {
                configuration.lockTimeout(lockTimeout);
            }
            if (statementTimeout != null) {
                configuration.statementTimeout(statementTimeout);
            }
            if (lockRetryFor != null) {
                configuration.lockRetryFor(lockRetryFor);
            }
            if (retries != null) {
                configuration.retries(retries);
            }
            return configuration;
        };
    }

    public Ferry ferry() {
        return ferry(Function.identity());
    }

    /** The database, for commands that work on it directly (connects, or starts the embedded server). */
    public DataSource dataSource() {
        Duration connectTimeout = connectTimeout();
        ConnectionSpec spec = connectionSpec();
        return FerryConfiguration.simpleDataSource(spec.jdbcUrl(), spec.user(), spec.password(), connectTimeout);
    }

    /** Another database than the project's (a URL's, its credentials in it), with this workspace's connect timeout. */
    public DataSource dataSource(ConnectionSpec spec) {
        return FerryConfiguration.simpleDataSource(spec.jdbcUrl(), spec.user(), spec.password(), connectTimeout());
    }

    /** The major version (for example 17) of the server behind {@code dataSource}. */
    public static int majorVersion(DataSource dataSource) {
        try (Session session = Session.open(dataSource)) {
            return session.majorVersion();
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the server's version", e);
        }
    }

    /**
     * What a snapshot of this project's database reads: every schema but the system's, without Ferry's own
     * tables in the project's history schema (nor a Flyway history table of another name).
     */
    public SchemaScope schemaScope() {
        SchemaScope scope = SchemaScope.allSchemas().withFerryTablesIn(schema);
        return config.flywayTable() == null ? scope : scope.excluding(new RelationName(schema, config.flywayTable()));
    }

    /** The schema of this project's database now, read with {@link #schemaScope()} (connects on first use). */
    public SchemaSnapshot snapshot() {
        return snapshot(dataSource());
    }

    /** The schema of the database behind {@code dataSource}, read with {@link #schemaScope()}. */
    public SchemaSnapshot snapshot(DataSource dataSource) {
        return SchemaSnapshot.read(dataSource, schemaScope());
    }

    /**
     * A new scratch database on {@code devUrl}'s server (a {@code postgres://} or {@code jdbc:postgresql://}
     * URL, its credentials in it), or, when it is null, on the embedded server (the one this workspace
     * already uses, or the one running in {@code .ferry/pg}, or one started for this workspace). The caller
     * closes it, which drops it.
     */
    public ScratchDatabase scratchDatabase(String devUrl) {
        Duration connectTimeout = connectTimeout();
        ConnectionSpec server;
        if (devUrl != null && !devUrl.isBlank()) {
            server = ConnectionSpec.parse(devUrl, null, null);
        } else {
            if (embedded == null) {
                embedded = EmbeddedServer.forCommand(err, "no --dev-url given; the scratch database goes on the"
                        + " embedded PostgreSQL in " + EmbeddedServer.DATA);
            }
            server = embedded.connection();
        }
        ScratchDatabase scratch = ScratchDatabase.create(server.jdbcUrl(), server.user(), server.password(),
                connectTimeout);
        try (Connection c = scratch.dataSource().getConnection(); Statement s = c.createStatement()) {
            // The schema of Ferry's tables is made by the first upgrade and is not part of the project's schema:
            // every scratch database has it from the start, as every migrated database does.
            s.execute("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(schema));
        } catch (SQLException e) {
            scratch.close();
            throw SqlErrors.translate("creating the schema " + schema + " on the scratch database " + scratch.name(), e);
        } catch (RuntimeException e) {
            scratch.close();
            throw e;
        }
        return scratch;
    }

    /**
     * Ferry for this project on {@code scratch} instead of the project's database: to replay its revisions. A scratch
     * database holds nothing anyone needs, so its runs may drop what the revisions' own statements wrote there.
     */
    public Ferry ferry(ScratchDatabase scratch) {
        return project(Ferry.configure().connectTimeout(connectTimeout()).dataSource(scratch.dataSource()), false)
                .allowDataLoss(true).load();
    }

    /**
     * The schema the project's revisions produce: upgrades {@code scratch} to each target in turn (a
     * target of the revision grammar: {@code head}, {@code heads}, a revision; {@code base} stays empty)
     * with the normal engine, and reads it as the live database is read ({@link #schemaScope()}).
     */
    public SchemaSnapshot replay(ScratchDatabase scratch, List<String> targets) {
        Ferry ferry = ferry(scratch);
        for (String target : targets) {
            if (!target.equals("base")) {
                ferry.upgrade(target);
            }
        }
        return snapshot(scratch.dataSource());
    }

    /**
     * The database's schema against the one its current heads produce, replayed on a scratch database on
     * {@code devUrl}'s server (null: the embedded one, as {@link #scratchDatabase}); changes nothing.
     *
     * @throws FerryException {@code unknown-applied-revision} when the database is at revisions no file
     *                        defines (they cannot be replayed), or when a database cannot be reached
     */
    public SchemaDrift drift(String devUrl) {
        Status status = ferry().status();
        status.unknownRevisions().ifPresent(u -> {
            throw u.exception();
        });
        List<String> current = status.currentHeads();
        SchemaSnapshot live = snapshot();
        try (ScratchDatabase scratch = scratchDatabase(devUrl)) {
            SchemaSnapshot expected = replay(scratch, current);
            return SchemaDrift.between(current, live, majorVersion(dataSource()), expected, scratch.majorVersion());
        }
    }

    /**
     * The folder {@code desired-schema:} names in the project file, relative to that file: {@code *.sql}
     * files that create the schema the project wants, for {@code ferry revision --autogenerate}.
     *
     * @throws FerryException {@code invalid-configuration} when the key is missing, or the folder does not
     *                        exist or holds no {@code .sql} file
     */
    public Path desiredSchema() {
        if (config.desiredSchema() == null || config.desiredSchema().isBlank()) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, configFile + " names no desired-schema"
                    + " folder", "add 'desired-schema: FOLDER' to " + configFile + ": a folder of .sql files that create"
                    + " the schema the project wants, run in name order");
        }
        Path folder = relativeTo(configFile.toAbsolutePath().getParent(), Path.of(config.desiredSchema().strip()));
        if (!Files.isDirectory(folder)) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "the desired-schema folder " + folder
                    + " (" + configFile + ") does not exist", "create it with the .sql files of the schema the project"
                    + " wants, or correct desired-schema in " + configFile + " (relative to that file)");
        }
        if (desiredSchemaFiles(folder).isEmpty()) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "the desired-schema folder " + folder
                    + " holds no .sql file", "put the CREATE statements of the schema the project wants in .sql"
                    + " files there; they run in name order");
        }
        return folder;
    }

    private static List<Path> desiredSchemaFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sql") && Files.isRegularFile(f)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "cannot read the desired-schema folder "
                    + folder + ": " + e.getMessage(), "make it readable by this user");
        }
    }

    /**
     * The schema the project wants: every {@code .sql} file of {@link #desiredSchema()}, in name order, run
     * on {@code scratch} statement by statement (each on its own, so {@code CREATE INDEX CONCURRENTLY} may
     * stand there), read as the live database is read ({@link #schemaScope()}).
     *
     * @throws FerryException naming the file and line of a statement that fails or cannot be split
     */
    public SchemaSnapshot desired(ScratchDatabase scratch) {
        Path folder = desiredSchema();
        try (Session session = Session.open(scratch.dataSource())) {
            for (Path file : desiredSchemaFiles(folder)) {
                runDesired(session, file);
            }
        }
        return snapshot(scratch.dataSource());
    }

    private static void runDesired(Session session, Path file) {
        List<SqlStatement> statements;
        try {
            statements = SqlSplitter.split(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "cannot read " + file + ": "
                    + e.getMessage(), "make it readable by this user");
        } catch (SqlSyntaxException e) {
            throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE, file + ": " + e.getMessage(),
                    "close the quote, dollar quote or comment that the message names");
        }
        for (SqlStatement statement : statements) {
            try (Statement s = session.connection().createStatement()) {
                s.execute(statement.sql());
            } catch (SQLException e) {
                FerryException db = SqlErrors.translate("building the desired schema", e);
                throw new FerryException(db.code(), file + " line " + statement.line() + ": " + db.getMessage(),
                        "fix the desired schema's SQL; it ran on a scratch database, and nothing else was changed", e);
            }
        }
    }

    /**
     * The runbook server's public address, without a trailing slash: {@code FERRY_PUBLIC_URL}, then the
     * project file's {@code public-url}; empty when neither is set.
     */
    public Optional<String> publicUrl() {
        String fromEnv = env.get("FERRY_PUBLIC_URL");
        String url = fromEnv != null && !fromEnv.isBlank() ? fromEnv : config.publicUrl();
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(url.strip().replaceAll("/+$", ""));
    }

    /**
     * The alert sinks of ferry.yaml ({@code alerts:}), {@code ${NAME}} read from this workspace's environment;
     * none when the file has no such section. The runbook links' base is {@code FERRY_PUBLIC_URL}, then
     * {@code alerts.public-url}, then the file's {@code public-url}.
     */
    public AlertsSettings alerts() {
        AlertsSettings settings = AlertsSettings.parse(config.alerts(), configFile, env::get);
        if (settings.publicUrl() == null && publicUrl().isPresent()) {
            return new AlertsSettings(publicUrl().get(), settings.retry(), settings.sinks());
        }
        return settings;
    }

    /** The {@code lint:} settings of ferry.yaml, checked when the project was read; the defaults without it. */
    public LintConfig lint() {
        return lint;
    }

    /** The large-table threshold and rule levels every lint of this project uses. */
    public LintSettings lintSettings() {
        return lint.settings();
    }

    /** What {@code upgrade} and {@code migrate} do with lint before they run ({@code lint.on-run}). */
    public LintConfig.OnRun lintOnRun() {
        return lint.onRun();
    }

    /** The folder of the project file ({@code ferry.yaml}, whether or not it exists): the project's root. */
    public Path root() {
        return configFile.toAbsolutePath().getParent();
    }

    /** The backfill jobs declared in ferry.yaml, in the order declared; no database needed. */
    public List<JobDefinition> backfillJobs() {
        return BackfillConfig.jobs(config.backfills(), configFile);
    }

    /**
     * The project's backfills on this database (connects, or starts the embedded server, on first use).
     * Their run records live in the project's schema, beside the migration history.
     */
    public Backfills backfills(BackfillListener... listeners) {
        Backfills.Builder builder = Backfills.configure()
                .dataSource(dataSource())
                .schema(schema)
                .projectDir(configFile.toAbsolutePath().getParent())
                .jobs(backfillJobs());
        for (BackfillListener l : listeners) {
            builder.listener(l);
        }
        return builder.load();
    }

    /** True when a database URL is given (flag, environment or ferry.yaml): the embedded server is not used. */
    public boolean hasUrl() {
        return url() != null;
    }

    private String url() {
        return first(connection.url(), env.get("FERRY_URL"), env.get("DATABASE_URL"), config.url());
    }

    /**
     * The database given by URL (flags, then environment, then ferry.yaml), without connecting; empty when
     * none is given and the embedded server is used.
     *
     * @throws FerryException when the URL given cannot be read
     */
    public Optional<ConnectionSpec> givenConnection() {
        String url = url();
        if (url == null) {
            return Optional.empty();
        }
        String user = first(connection.user(), env.get("FERRY_USER"), config.user());
        String password = first(connection.password(), env.get("FERRY_PASSWORD"), config.password());
        return Optional.of(ConnectionSpec.parse(url, user, password));
    }

    /** The database to use: flags, then environment, then ferry.yaml, then the embedded server. */
    private ConnectionSpec connectionSpec() {
        Optional<ConnectionSpec> given = givenConnection();
        if (given.isPresent()) {
            return given.get();
        }
        if (embedded == null) {
            embedded = EmbeddedServer.forCommand(err);
        }
        return embedded.connection();
    }

    /**
     * How long opening a connection may take: the flag, then {@code FERRY_CONNECT_TIMEOUT}, then
     * {@code connect-timeout} in ferry.yaml, then the library's default.
     */
    Duration connectTimeout() {
        Duration timeout;
        String fromEnv = env.get("FERRY_CONNECT_TIMEOUT");
        String source;
        if (connection.connectTimeout() != null) {
            timeout = connection.connectTimeout();
            source = "--connect-timeout";
        } else if (fromEnv != null && !fromEnv.isBlank()) {
            source = "FERRY_CONNECT_TIMEOUT";
            try {
                timeout = Durations.parse(fromEnv);
            } catch (IllegalArgumentException e) {
                throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, source + ": " + e.getMessage(),
                        "write durations as 500ms, 3s, 5min or 1h");
            }
        } else {
            source = "ferry.yaml: connect-timeout";
            timeout = duration(null, "connect-timeout", config.connectTimeout());
        }
        if (timeout == null) {
            return FerryConfiguration.DEFAULT_CONNECT_TIMEOUT;
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, source + " must be longer than 0s",
                    "give the longest a connection may take to open, for example 10s");
        }
        return timeout;
    }

    private Duration duration(Duration flag, String key, String fromFile) {
        if (flag != null) {
            return flag;
        }
        if (fromFile == null) {
            return null;
        }
        try {
            return Durations.parse(fromFile);
        } catch (IllegalArgumentException e) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "ferry.yaml: " + key + ": " + e.getMessage(),
                    "write durations as 500ms, 3s, 5min or 1h");
        }
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null && !(v instanceof String s && s.isBlank())) {
                return v;
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception e) {
                err.println("ferry: could not stop the embedded PostgreSQL cleanly: " + e.getMessage());
            }
        }
    }
}
