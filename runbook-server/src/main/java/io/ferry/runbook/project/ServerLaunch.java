package io.ferry.runbook.project;

import io.ferry.migration.api.FerryException;
import io.ferry.workspace.ConnectionSettings;
import io.ferry.workspace.ProjectSettings;
import io.ferry.workspace.RunSettings;
import io.ferry.workspace.Workspace;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code ./ferry-server} was asked to run, its command line and environment read: the project and
 * database as the workspace takes them, and the server's own settings. {@link FerryServerMain} hands it
 * to the application through {@link #use}; a server started without it (a {@code @QuarkusTest}) reads
 * its settings from its configuration instead.
 *
 * @param project        the project options given ({@code --dir}, {@code --config}, ...)
 * @param connection     the connection options given ({@code --url}, ...); the password stays here, out
 *                       of the system properties and the log
 * @param run            the run options given ({@code --lock-wait}, ...)
 * @param port           the HTTP port
 * @param migrateAtStart whether to run {@code upgrade head} at start
 * @param migrateTarget  what the start-up run and the retry upgrade to: {@code head} or {@code heads}
 * @param refresh        how often the snapshot is read again
 * @param alerts         the alert rules' probe and thresholds
 * @param driftInterval  how often the drift check runs; zero: never
 * @param devUrl         the server of the drift check's scratch databases ({@code --dev-url}); null: the embedded
 *                       one. Its credentials stay here, out of the system properties and the log
 */
public record ServerLaunch(ProjectSettings project, ConnectionSettings connection, RunSettings run, int port,
                           boolean migrateAtStart, MigrateTarget migrateTarget, Duration refresh, AlertTimings alerts,
                           Duration driftInterval, String devUrl) {

    private static volatile ServerLaunch current;

    public ServerLaunch {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(migrateTarget, "migrateTarget");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(driftInterval, "driftInterval");
    }

    /** The server's settings as Quarkus configuration: nothing secret goes here. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("ferry.migrate-at-start", Boolean.toString(migrateAtStart));
        config.put("ferry.migrate-target", migrateTarget.id());
        config.put("ferry.refresh", refresh.toMillis() + "ms");
        config.putAll(alerts.config());
        config.put("ferry.drift.interval", driftInterval.isZero() ? "off" : driftInterval.toMillis() + "ms");
        return config;
    }

    /**
     * The project and database these settings name, resolved as {@code ferry} resolves them: the
     * environment and {@code ferry.yaml} fill what the options leave out.
     *
     * @param notes where the workspace's notes go (the embedded server's)
     * @throws FerryException when the project file is missing or invalid
     */
    public Workspace workspace(Map<String, String> env, PrintWriter notes) {
        return Workspace.run(project, connection, run, env, notes);
    }

    /** Makes this the launch the application reads at start; call it before starting Quarkus. */
    static void use(ServerLaunch launch) {
        current = launch;
    }

    /** The launch of this process, when {@code ./ferry-server}'s main started it. */
    static Optional<ServerLaunch> current() {
        return Optional.ofNullable(current);
    }
}
