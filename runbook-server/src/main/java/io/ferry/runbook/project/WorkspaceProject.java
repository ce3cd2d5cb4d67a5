package io.ferry.runbook.project;

import io.ferry.alerts.AlertsSettings;
import io.ferry.backfill.JobDefinition;
import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.event.MigrationListener;
import io.ferry.workspace.ConnectionSettings;
import io.ferry.workspace.ConnectionSpec;
import io.ferry.workspace.LintConfig;
import io.ferry.workspace.ProjectConfig;
import io.ferry.workspace.ProjectSettings;
import io.ferry.workspace.RunSettings;
import io.ferry.workspace.SchemaDrift;
import io.ferry.workspace.Workspace;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The project and database of the server, resolved by the {@code workspace} module exactly as
 * {@code ferry} resolves them: flags, then environment ({@code FERRY_URL}, {@code DATABASE_URL},
 * {@code FERRY_DIR}, {@code FERRY_CONFIG}, ...), then {@code ferry.yaml}; with no URL anywhere, the
 * embedded PostgreSQL in {@code .ferry/pg}, the one {@code ferry db start} keeps up, or one started now and
 * stopped when the server stops. The project's folder is the working directory, as for {@code ferry}.
 *
 * <p>Started by {@code ./ferry-server}, it takes the command line's settings ({@link ServerLaunch}).
 * Started otherwise (a {@code @QuarkusTest}), it reads them from configuration: {@code ferry.url},
 * {@code ferry.user}, {@code ferry.password}, {@code ferry.connect-timeout}, {@code ferry.project-dir} (the
 * folder that {@code ferry.yaml}, {@code migrations} and {@code .ferry/admin-token} are in),
 * {@code ferry.dir} (folders separated by commas, relative to it), {@code ferry.schema} and
 * {@code ferry.lock-wait}. {@code ferry.embedded=false} turns the embedded database off (the tests do):
 * without a URL, the server is then up and says that no database is configured.
 *
 * <p>The data source has no pool: the server holds a connection only for a refresh or a run, and a refresh does
 * all its reads, Ferry's included, on one session ({@link RefreshSessions}). A singleton,
 * without a client proxy: a refresh still running while the server stops reaches this instance, which says
 * the database is gone, rather than a container that is no longer there.
 */
@Singleton
public class WorkspaceProject implements ServerProject {

    private static final Logger LOG = Logger.getLogger(WorkspaceProject.class);

    private final Path projectDir;
    private final Workspace workspace;
    private final boolean embedded;
    private RefreshSessions dataSource;
    private Ferry ferry;
    /** The migration files when {@link #ferry} read them ({@link #filesStamp}). */
    private List<String> stamp;
    private final List<JobDefinition> backfillJobs;
    private boolean closed;

    public WorkspaceProject(@ConfigProperty(name = "ferry.url") Optional<String> url,
                            @ConfigProperty(name = "ferry.user") Optional<String> user,
                            @ConfigProperty(name = "ferry.password") Optional<String> password,
                            @ConfigProperty(name = "ferry.connect-timeout") Optional<Duration> connectTimeout,
                            @ConfigProperty(name = "ferry.project-dir") Optional<String> projectDir,
                            @ConfigProperty(name = "ferry.dir") Optional<String> dirs,
                            @ConfigProperty(name = "ferry.schema") Optional<String> schema,
                            @ConfigProperty(name = "ferry.lock-wait") Optional<Duration> lockWait,
                            @ConfigProperty(name = "ferry.embedded", defaultValue = "true") boolean embedded) {
        this.embedded = embedded;
        Optional<ServerLaunch> launch = ServerLaunch.current();
        if (launch.isPresent()) {
            this.projectDir = Path.of("").toAbsolutePath();
            this.workspace = launch.get().workspace(System.getenv(), LogWriter.printWriter());
        } else {
            Path dir = Path.of(projectDir.filter(d -> !d.isBlank()).orElse(".")).toAbsolutePath().normalize();
            Path file = dir.resolve("ferry.yaml");
            List<String> fileDirs = Files.isRegularFile(file) ? ProjectConfig.read(file).dirs() : null;
            boolean fileNamesDirs = fileDirs != null && !fileDirs.isEmpty();
            // Relative to the project folder, not the working directory: ferry.yaml's dirs, else migrations.
            List<Path> folders = dirs.filter(d -> !d.isBlank())
                    .map(d -> Arrays.stream(d.split(",")).map(String::trim).map(dir::resolve).toList())
                    .orElse(fileNamesDirs ? null : List.of(dir.resolve("migrations")));
            this.projectDir = dir;
            this.workspace = Workspace.run(
                    new ProjectSettings(folders, Files.isRegularFile(file) ? file : null, schema.orElse(null), false,
                            null, false),
                    new ConnectionSettings(url.orElse(null), user.orElse(null), password.orElse(null),
                            connectTimeout.orElse(null)),
                    new RunSettings(lockWait.orElse(null), null, null, null, null),
                    System.getenv(), LogWriter.printWriter());
        }
        this.backfillJobs = declaredJobs(workspace);
        LOG.infof("Project: migrations in %s, history in schema %s; database: %s", workspace.dirs(),
                workspace.schema(), describe());
    }

    /** The backfill jobs of ferry.yaml; a section that cannot be read shows no jobs, and the log says why. */
    private static List<JobDefinition> declaredJobs(Workspace workspace) {
        try {
            return workspace.backfillJobs();
        } catch (FerryException e) {
            LOG.warnf("The backfills of the project file are left out: %s: %s", e.code().id(), e.getMessage());
            return List.of();
        }
    }

    @Override
    public synchronized DataSource dataSource() {
        requireDatabase();
        if (dataSource == null) {
            // The workspace's is the driver's own (Ferry's simple data source).
            dataSource = RefreshSessions.of((PGSimpleDataSource) workspace.dataSource());
        }
        return dataSource;
    }

    @Override
    public <T> T onOneSession(SessionWork<T> work) throws SQLException {
        RefreshSessions sessions;
        synchronized (this) {
            sessions = (RefreshSessions) dataSource();
        }
        return sessions.onOneSession(work);
    }

    /**
     * The files as last read, read again when they changed on disk since (a revision fixed and applied by
     * {@code ferry} elsewhere must not look edited to the snapshot). Files that changed but cannot be read keep the
     * previous read, until they change again.
     */
    @Override
    public synchronized Ferry ferry() {
        if (ferry == null) {
            return reload();
        }
        List<String> now = filesStamp();
        if (!now.equals(stamp)) {
            try {
                return reload();
            } catch (FerryException e) {
                stamp = now;
                LOG.warnf("The migration files changed but cannot be read (%s: %s); the server keeps the files it"
                        + " read before", e.code().id(), e.getMessage());
            }
        }
        return ferry;
    }

    @Override
    public synchronized Ferry reload() {
        return reload(null);
    }

    /** The files read again; Ferry's connections come from {@link #dataSource()}, so a refresh shares its session. */
    @Override
    public synchronized Ferry reload(MigrationListener listener) {
        requireDatabase();
        List<String> read = filesStamp();
        DataSource sessions = dataSource();
        ferry = workspace.ferry(c -> listener == null ? c.dataSource(sessions) : c.dataSource(sessions).listener(listener));
        stamp = read;
        return ferry;
    }

    /** Each file under the migration folders with its size and modification time. */
    private List<String> filesStamp() {
        List<String> files = new ArrayList<>();
        for (Path dir : workspace.dirs()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).forEach(file -> {
                    try {
                        files.add(file + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis());
                    } catch (IOException gone) {
                        files.add(file + " gone");
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                files.add(dir + " unreadable");
            }
        }
        files.sort(null);
        return files;
    }

    @Override
    public Optional<String> runbooksDir() {
        return Optional.ofNullable(workspace.config().runbooks()).filter(d -> !d.isBlank());
    }

    @Override
    public Optional<String> publicUrl() {
        return workspace.publicUrl();
    }

    @Override
    public Path projectDir() {
        return projectDir;
    }

    @Override
    public String schema() {
        return workspace.schema();
    }

    /** The jobs declared under {@code backfills:} in {@code ferry.yaml}, read once. */
    @Override
    public List<JobDefinition> backfillJobs() {
        return backfillJobs;
    }

    /**
     * ferry.yaml's {@code alerts:} section, or no sinks when it has none; runbook links under
     * {@code FERRY_PUBLIC_URL}, {@code alerts.public-url} or the file's {@code public-url}.
     */
    @Override
    public AlertsSettings alerts() {
        // Checked before the start (FerryServerMain), so an invalid section never gets this far there.
        return workspace.alerts();
    }

    @Override
    public LintConfig lint() {
        return workspace.lint();
    }

    @Override
    public String describe() {
        try {
            if (!embedded && !workspace.hasUrl()) {
                return "(no database URL)";
            }
            return workspace.givenConnection().map(spec -> ConnectionSpec.mask(spec.jdbcUrl()))
                    .orElse("the embedded PostgreSQL in .ferry/pg");
        } catch (FerryException unreadable) {
            return "(a database URL that cannot be read)";
        }
    }

    @Override
    public Optional<String> devUrl() {
        return ServerLaunch.current().map(ServerLaunch::devUrl);
    }

    @Override
    public SchemaDrift drift(String devUrl) {
        synchronized (this) {
            requireDatabase();
        }
        return workspace.drift(devUrl);
    }

    private void requireDatabase() {
        if (closed) {
            throw new FerryException(MigrationErrorCode.CONNECTION_REFUSED, "the server is stopping",
                    "start the server again");
        }
        if (!embedded && !workspace.hasUrl()) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "no database URL is given and the"
                    + " embedded database is off (ferry.embedded=false)", Remedy.of("give ", MigrationRemedy.DATABASE_URL));
        }
    }

    /** Stops the embedded server if this server started it and no command uses it any more. */
    @PreDestroy
    synchronized void close() {
        closed = true;
        workspace.close();
    }
}
