package io.ferry.migration;

import io.ferry.migration.api.Durations;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.event.EventPublisher;
import io.ferry.migration.event.MigrationListener;
import io.ferry.migration.exec.ExecutionSettings;
import io.ferry.migration.exec.LockRetries;
import io.ferry.migration.exec.PartialPolicy;
import io.ferry.migration.exec.RunHooks;
import io.ferry.migration.flyway.FlywayCallbacks;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.history.History;
import io.ferry.migration.history.HistoryStore;
import io.ferry.migration.jdbc.FreshConnection;
import io.ferry.migration.history.flyway.FlywayHistory;
import io.ferry.migration.history.flyway.FlywayPlanCompletion;
import io.ferry.migration.history.flyway.FlywayProjectHistory;
import io.ferry.migration.internal.Lazy;
import io.ferry.migration.plan.PlanCompletion;
import io.ferry.migration.source.RevisionSource;
import io.ferry.migration.source.flyway.FlywayProject;
import io.ferry.migration.source.flyway.FlywaySource;
import io.ferry.migration.source.nativesql.NativeSqlSource;
import io.ferry.migration.spi.JavaMigration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Settings for a {@link Ferry}, collected fluently and checked by {@link #load()}:
 *
 * <pre>
 * Ferry ferry = Ferry.configure()
 *         .dataSource(dataSource)
 *         .locations(Path.of("migrations"))
 *         .schema("public")
 *         .lockTimeout(Duration.ofSeconds(3))
 *         .load();
 * </pre>
 */
public final class FerryConfiguration {

    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    /** How long opening a connection may take, start-up handshake included, unless set otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private DataSource dataSource;
    /** True when the data source was made here from a URL, so that the connect timeout applies to it. */
    private boolean urlDataSource;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private final List<Path> locations = new ArrayList<>();
    private final List<RevisionSource> sources = new ArrayList<>();
    private String schema = "public";
    private Duration lockWait = Duration.ofSeconds(60);
    private Duration lockTimeout = ExecutionSettings.defaults().lockTimeout();
    private Duration statementTimeout;
    private Duration lockRetryFor = LockRetries.defaults().budget();
    private Integer retries;
    private Duration backoffBase = LockRetries.defaults().backoffBase();
    private Duration backoffMax = LockRetries.defaults().backoffMax();
    private PartialPolicy partialPolicy = PartialPolicy.REFUSE;
    private final List<MigrationListener> listeners = new ArrayList<>();
    private ClassLoader classLoader = FerryConfiguration.class.getClassLoader();
    private boolean flyway;
    private String flywayTable = FlywayHistory.DEFAULT_TABLE;
    private final Map<String, String> placeholders = new HashMap<>();
    private boolean ignoreMisnamed;
    private boolean outOfOrder;
    private boolean allowDataLoss;

    FerryConfiguration() {
    }

    /** The database to migrate. Ferry takes two connections from it while it runs. */
    public FerryConfiguration dataSource(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.urlDataSource = false;
        return this;
    }

    /**
     * The database to migrate, by JDBC URL ({@code jdbc:postgresql://host:port/db}). Its connections are
     * bounded by {@link #connectTimeout(Duration)}.
     */
    public FerryConfiguration dataSource(String jdbcUrl, String user, String password) {
        dataSource(simpleDataSource(jdbcUrl, user, password, connectTimeout));
        this.urlDataSource = true;
        return this;
    }

    /**
     * How long opening a connection may take, from the TCP connect to the end of PostgreSQL's start-up
     * (TLS negotiation and authentication included), before it fails with
     * {@link MigrationErrorCode#CONNECT_TIMEOUT} (default 10s). The driver counts whole seconds, so a
     * limit is rounded up to the next second. It applies to a data source given by URL; one given as a
     * {@link DataSource} keeps its own settings. It is also how long a run whose connection died keeps
     * trying to reach the server again to record the failure (a restarting server refuses connections for
     * a few seconds).
     *
     * @throws FerryException {@link MigrationErrorCode#INVALID_CONFIGURATION} when not positive
     */
    public FerryConfiguration connectTimeout(Duration timeout) {
        checkConnectTimeout(timeout);
        this.connectTimeout = timeout;
        if (urlDataSource && dataSource instanceof PGSimpleDataSource pg) {
            applyConnectTimeout(pg, timeout);
        }
        return this;
    }

    private static void checkConnectTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw invalid("the connect timeout must be longer than 0, not " + Durations.format(timeout));
        }
        if (timeout.toSeconds() >= Integer.MAX_VALUE) {
            throw invalid("the connect timeout " + Durations.format(timeout) + " is longer than the driver allows");
        }
    }

    /**
     * Bounds the whole login: pgjdbc's {@code connectTimeout} covers only the TCP connect, and its
     * {@code loginTimeout} the connect, TLS negotiation and authentication, after which the caller gets
     * an error even from a server that accepted the connection and never answers.
     */
    private static void applyConnectTimeout(PGSimpleDataSource ds, Duration timeout) {
        int seconds = connectTimeoutSeconds(timeout);
        ds.setConnectTimeout(seconds);
        ds.setLoginTimeout(seconds);
    }

    /** The limit in the whole seconds the driver counts, rounded up. */
    static int connectTimeoutSeconds(Duration timeout) {
        long seconds = timeout.toSeconds() + (timeout.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(1, seconds);
    }

    /**
     * A data source without a pool for a JDBC URL: each request opens a connection, named
     * {@code ferry} in {@code pg_stat_activity} from its start. Ferry holds few connections for long, so a
     * pool buys nothing.
     *
     * @throws FerryException {@link MigrationErrorCode#INVALID_CONFIGURATION} when the URL is not PostgreSQL's
     */
    public static DataSource simpleDataSource(String jdbcUrl, String user, String password) {
        return simpleDataSource(jdbcUrl, user, password, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * As {@link #simpleDataSource(String, String, String)}, with connections bounded by {@code connectTimeout}
     * (see {@link #connectTimeout(Duration)}).
     *
     * @throws FerryException {@link MigrationErrorCode#INVALID_CONFIGURATION} when the URL is not PostgreSQL's or
     *                        the timeout is not positive
     */
    public static DataSource simpleDataSource(String jdbcUrl, String user, String password, Duration connectTimeout) {
        checkConnectTimeout(connectTimeout);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        if (org.postgresql.Driver.parseURL(jdbcUrl, null) == null) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION,
                    "database URL '" + Secrets.maskUrl(jdbcUrl) + "' is not a PostgreSQL JDBC URL",
                    "write jdbc:postgresql://HOST:PORT/DATABASE");
        }
        ds.setURL(jdbcUrl);
        ds.setApplicationName(io.ferry.migration.jdbc.Session.APPLICATION_NAME);
        if (ds.getAssumeMinServerVersion() == null) {
            // The name then travels in the start-up message, instead of in a SET after it.
            ds.setAssumeMinServerVersion("9.0");
        }
        if (user != null) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        applyConnectTimeout(ds, connectTimeout);
        return ds;
    }

    /**
     * Folders of native SQL migration files. Without locations or sources given here, {@code ./migrations}
     * (sources found through {@link ServiceLoader} do not count: they add to the folders, never replace them).
     */
    public FerryConfiguration locations(Path... folders) {
        locations.addAll(List.of(folders));
        return this;
    }

    /**
     * Any other source of revisions. Sources listed in
     * {@code META-INF/services/io.ferry.migration.source.RevisionSource} (found with {@link #classLoader}) are
     * read too, after these.
     */
    public FerryConfiguration sources(RevisionSource... more) {
        sources.addAll(List.of(more));
        return this;
    }

    /** The schema of Ferry's history tables (default {@code public}); created when missing. */
    public FerryConfiguration schema(String schema) {
        this.schema = schema;
        return this;
    }

    /** How long to wait for another run to release the migration lock (default 60 s). */
    public FerryConfiguration lockWait(Duration wait) {
        this.lockWait = wait;
        return this;
    }

    /** {@code lock_timeout} for every statement (default 3 s; zero turns it off). */
    public FerryConfiguration lockTimeout(Duration timeout) {
        this.lockTimeout = timeout;
        return this;
    }

    /** {@code statement_timeout} for the run; a revision's own header wins. Default: the server's. */
    public FerryConfiguration statementTimeout(Duration timeout) {
        this.statementTimeout = timeout;
        return this;
    }

    /**
     * How long to keep trying a revision whose statement gave up on {@code lock_timeout} (default 1 min,
     * counted from the start of its first attempt; zero: one attempt only). Attempts follow each other
     * after a short pause until one gets its locks or the budget runs out, so a revision blocked by a
     * transaction shorter than the budget completes soon after that transaction ends. A revision that
     * runs statement by statement gets the budget for each statement.
     */
    public FerryConfiguration lockRetryFor(Duration budget) {
        this.lockRetryFor = Objects.requireNonNull(budget, "budget");
        return this;
    }

    /**
     * At most this many attempts after the first, within the {@link #lockRetryFor} budget (default: no
     * limit but the budget; zero: one attempt only).
     */
    public FerryConfiguration retries(int retries) {
        this.retries = retries;
        return this;
    }

    /** The pause before the second attempt, doubling up to {@code max} (default 100 ms up to 1 s). */
    public FerryConfiguration retryBackoff(Duration base, Duration max) {
        this.backoffBase = base;
        this.backoffMax = max;
        return this;
    }

    /** What to do with a revision an earlier run left half done (default: refuse and explain). */
    public FerryConfiguration partialPolicy(PartialPolicy policy) {
        this.partialPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Whether an upgrade or downgrade may run statements that lose data the database holds (default false).
     * Before a run, Ferry reads the statements it will run and counts, on the live database, the rows of each
     * table they drop or empty and the values of each column they drop or convert with loss; when anything would
     * be lost, the run stops with {@link MigrationErrorCode#DOWNGRADE_LOSES_DATA} or
     * {@link MigrationErrorCode#UPGRADE_LOSES_DATA} before it starts. Allowed, it runs, and each history row of a
     * revision that lost data records what it lost.
     */
    public FerryConfiguration allowDataLoss(boolean allow) {
        this.allowDataLoss = allow;
        return this;
    }

    /** Adds a listener; listeners named in {@code META-INF/services} are added too. */
    public FerryConfiguration listener(MigrationListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * The class loader that finds what is listed in {@code META-INF/services}: listeners, revision sources,
     * and for Flyway projects Java migrations and callbacks (default: Ferry's own).
     */
    public FerryConfiguration classLoader(ClassLoader loader) {
        this.classLoader = Objects.requireNonNull(loader, "loader");
        return this;
    }

    /** PostgreSQL keeps timeouts in whole milliseconds, up to 2^31 - 1 of them. */
    private static void checkDuration(String what, Duration d, boolean asTimeout) {
        if (d.isNegative()) {
            throw invalid(what + " must not be negative: " + Durations.format(d));
        }
        if (asTimeout && !d.isZero() && d.toMillis() == 0) {
            throw invalid(what + " " + Durations.format(d) + " is less than a millisecond, which PostgreSQL would"
                    + " read as 0 (off)");
        }
        if (asTimeout && d.toMillis() > Integer.MAX_VALUE) {
            throw invalid(what + " " + Durations.format(d) + " is longer than PostgreSQL allows (about 24 days)");
        }
    }

    private static FerryException invalid(String message) {
        return new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, message, "fix the setting and run again");
    }

    /**
     * Reads the locations as a Flyway project ({@code V1__x.sql}, {@code U1__x.sql}, {@code R__x.sql}) and
     * keeps the history in Flyway's own {@code flyway_schema_history}, so that Flyway can read it.
     */
    public FerryConfiguration flyway() {
        this.flyway = true;
        return this;
    }

    /** The name of Flyway's history table, for projects that changed it (default flyway_schema_history). */
    public FerryConfiguration flywayTable(String table) {
        this.flywayTable = table;
        return this;
    }

    /** Values for Flyway's {@code ${name}} placeholders. */
    public FerryConfiguration placeholders(Map<String, String> values) {
        placeholders.putAll(values);
        return this;
    }

    /** Skip {@code .sql} files that are not named as Flyway migrations, as Flyway does, instead of failing. */
    public FerryConfiguration ignoreMisnamed(boolean ignore) {
        this.ignoreMisnamed = ignore;
        return this;
    }

    /** For Flyway projects: also apply never-applied versions lower than the newest applied one. */
    public FerryConfiguration outOfOrder(boolean outOfOrder) {
        this.outOfOrder = outOfOrder;
        return this;
    }

    private List<io.ferry.migration.spi.Callback> javaCallbacks() {
        List<io.ferry.migration.spi.Callback> callbacks = new ArrayList<>();
        ServiceLoader.load(io.ferry.migration.spi.Callback.class, classLoader).forEach(callbacks::add);
        return callbacks;
    }

    /** The Flyway project in the locations, with placeholders resolved. */
    private FlywayProject flywayProject() {
        Map<String, String> values = new HashMap<>();
        if (dataSource instanceof PGSimpleDataSource pg) {
            values.putAll(FlywaySource.defaults(schema, pg.getUser(), pg.getDatabaseName()));
        } else {
            values.putAll(FlywaySource.defaults(schema, null, null));
        }
        values.put("flyway:table", flywayTable);
        values.putAll(placeholders);
        List<FlywayProject> projects = new ArrayList<>();
        for (Path folder : folders()) {
            projects.add(new FlywaySource(folder, values, ignoreMisnamed).read());
        }
        List<JavaMigration> java = new ArrayList<>();
        ServiceLoader.load(JavaMigration.class, classLoader).forEach(java::add);
        return FlywayProject.merge(projects).withJava(java);
    }

    private List<Path> folders() {
        return locations.isEmpty() && sources.isEmpty() ? List.of(Path.of("migrations")) : locations;
    }

    /**
     * Reads every migration and builds the graph, without touching a database: for commands that only
     * look at the files.
     *
     * @throws FerryException for a malformed migration file or graph
     */
    public RevisionGraph graph() {
        return graph(flyway ? flywayProject() : null, allSources());
    }

    /** The sources given, then the service-loaded ones. */
    private List<RevisionSource> allSources() {
        List<RevisionSource> all = new ArrayList<>(sources);
        ServiceLoader.load(RevisionSource.class, classLoader).forEach(all::add);
        return all;
    }

    private RevisionGraph graph(FlywayProject project, List<RevisionSource> others) {
        List<RevisionSource> all = new ArrayList<>(others);
        if (project == null) {
            folders().forEach(folder -> all.add(new NativeSqlSource(folder)));
        }
        List<Revision> revisions = new ArrayList<>(project == null ? List.of() : project.revisions());
        for (RevisionSource source : all) {
            revisions.addAll(source.load());
        }
        return RevisionGraph.of(revisions);
    }

    /**
     * Checks the settings and reads every migration, so that malformed files are reported now.
     *
     * @throws FerryException for a malformed migration file or graph
     * @throws IllegalArgumentException for settings that make no sense
     */
    public Ferry load() {
        if (dataSource == null) {
            throw new IllegalArgumentException("no data source: call dataSource(...) before load()");
        }
        if (!SCHEMA.matcher(schema).matches()) {
            throw invalid("'" + schema + "' cannot be the schema of the history tables: use letters, digits and"
                    + " underscores, starting with a letter (at most 63 characters)");
        }
        checkDuration("lock wait", lockWait, false);
        checkDuration("lock timeout", lockTimeout, true);
        if (statementTimeout != null) {
            checkDuration("statement timeout", statementTimeout, true);
        }
        checkDuration("lock retry budget", lockRetryFor, false);
        if (retries != null && retries < 0) {
            throw invalid("retries must be 0 or more, not " + retries);
        }
        if (backoffBase.toMillis() < 1 || backoffMax.compareTo(backoffBase) < 0) {
            throw invalid("the retry backoff must start at 1ms or more and end no lower than it starts, not "
                    + Durations.format(backoffBase) + " to " + Durations.format(backoffMax));
        }
        LockRetries lockRetries = new LockRetries(lockRetryFor,
                retries == null ? OptionalInt.empty() : OptionalInt.of(retries), backoffBase, backoffMax);
        ExecutionSettings settings = new ExecutionSettings(lockTimeout, Optional.ofNullable(statementTimeout),
                lockRetries, partialPolicy);
        FlywayProject project = flyway ? flywayProject() : null;
        List<RevisionSource> others = allSources();
        // A Flyway project keeps Flyway's table, runs its callbacks and adds its repeatables to upgrades; a
        // native one keeps Ferry's tables and does neither.
        History history;
        RunHooks hooks;
        PlanCompletion completion;
        if (project == null) {
            history = new HistoryStore(schema);
            hooks = RunHooks.NONE;
            completion = PlanCompletion.AS_PLANNED;
        } else {
            FlywayProjectHistory flywayHistory = new FlywayProjectHistory(schema, flywayTable, project);
            history = flywayHistory;
            hooks = new FlywayCallbacks(project, javaCallbacks());
            completion = new FlywayPlanCompletion(flywayHistory.table(), project, outOfOrder);
        }
        // A Flyway project's chain cannot be malformed once its files are read (see FlywayProject), so it is
        // built when a command first needs it; Flyway's own commands (info, ...) never do.
        Lazy<RevisionGraph> graph = project == null || !others.isEmpty() ? Lazy.known(graph(project, others))
                : Lazy.of(() -> graph(project, others));
        return new Ferry(dataSource, graph, history, hooks, completion, project, lockWait, settings,
                EventPublisher.withServiceLoaded(listeners, classLoader), new FreshConnection(dataSource, connectTimeout),
                allowDataLoss);
    }
}
