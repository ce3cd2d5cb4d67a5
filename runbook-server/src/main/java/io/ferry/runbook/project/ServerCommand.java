package io.ferry.runbook.project;

import io.ferry.migration.api.Durations;
import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.ErrorCode;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.workspace.CommandWords;
import io.ferry.workspace.ConnectionSettings;
import io.ferry.workspace.ProjectSettings;
import io.ferry.workspace.PublicUrl;
import io.ferry.workspace.RunSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code ./ferry-server}'s command line: the project and connection options of {@code ferry}, under the
 * same names and with the same environment variables, and the server's own ({@code --port},
 * {@code --migrate-at-start}, {@code --migrate-target}, {@code --refresh}). Parsing starts nothing: {@link #parse} says either how
 * to run or with which exit code to stop, having printed the usage or the error lines.
 */
@Command(name = "ferry-server", sortOptions = false, usageHelpAutoWidth = true, usageHelpWidth = 100,
        description = {"Runs Ferry's runbook server on a project and its database: the runbooks with live"
                + " checks (/runbooks), the migrations dashboard and its retry (/admin/migrations), /health and"
                + " readiness, the live status (/api/status) and metrics (/q/metrics).", ""},
        footer = {"", "Environment: FERRY_URL, DATABASE_URL, FERRY_USER, FERRY_PASSWORD, FERRY_CONNECT_TIMEOUT,"
                + " FERRY_DIR, FERRY_CONFIG as for ferry; FERRY_SERVER_PORT, FERRY_MIGRATE_AT_START,"
                + " FERRY_MIGRATE_TARGET, FERRY_REFRESH;"
                + " FERRY_ALERTS_PROBE_INTERVAL, FERRY_ALERTS_PROBE_FAILURES, FERRY_ALERTS_STUCK_AFTER,"
                + " FERRY_ALERTS_STALLED_AFTER; FERRY_DRIFT_INTERVAL, FERRY_DEV_URL; FERRY_ADMIN_TOKEN (else one is generated into .ferry/admin-token). A flag wins over its"
                + " variable, which wins over ferry.yaml. See docs/server.md."})
public final class ServerCommand {

    /** The server's port when neither --port nor FERRY_SERVER_PORT gives one. */
    public static final int DEFAULT_PORT = 8080;
    /** How often the snapshot is read when neither --refresh nor FERRY_REFRESH says. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);

    /** The command line's own error: it could not be read. Its section is the command line's runbook. */
    enum UsageError implements ErrorCode {
        INVALID_USAGE;

        @Override
        public ErrorCategory category() {
            return ErrorCategory.INPUT;
        }

        @Override
        public String runbookPage() {
            return "command-line.md";
        }
    }

    /** What {@link #parse} decided: run with {@code launch}, or stop with {@code exitCode}. */
    public record Outcome(ServerLaunch launch, int exitCode) {
        public boolean starts() {
            return launch != null;
        }
    }

    @Option(names = "--url", paramLabel = "URL", description = "The database, jdbc:postgresql://... or"
            + " postgres://USER:PASSWORD@HOST:PORT/DB (else $FERRY_URL, $DATABASE_URL, url in ferry.yaml; with"
            + " none, the project's embedded PostgreSQL in .ferry/pg).")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "The database user (else $FERRY_USER, the URL's,"
            + " user in ferry.yaml).")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "The password (else $FERRY_PASSWORD,"
            + " the URL's, password in ferry.yaml); $FERRY_PASSWORD keeps it out of the process list.")
    String password;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", description = "The longest a connection may"
            + " take to open (else $FERRY_CONNECT_TIMEOUT, connect-timeout in ferry.yaml, 10s).")
    Duration connectTimeout;

    @Option(names = "--dir", paramLabel = "DIR", split = ",", description = "The migration folders, repeated or"
            + " separated by commas (else $FERRY_DIR, dirs in ferry.yaml, ./migrations).")
    List<Path> dirs;

    @Option(names = "--config", paramLabel = "FILE", description = "The project file (else $FERRY_CONFIG, then"
            + " ./ferry.yaml when there is one).")
    Path config;

    @Option(names = "--schema", paramLabel = "SCHEMA", description = "The schema of Ferry's history (else schema"
            + " in ferry.yaml, public).")
    String schema;

    @Option(names = "--flyway", description = "Read the folders as a Flyway project.")
    boolean flyway;

    @Option(names = "--placeholder", paramLabel = "NAME=VALUE", description = "A Flyway placeholder's value;"
            + " repeatable.")
    Map<String, String> placeholders;

    @Option(names = "--ignore-misnamed", description = "Skip .sql files that are not named as Flyway migrations.")
    boolean ignoreMisnamed;

    @Option(names = "--lock-wait", paramLabel = "DURATION", description = "How long a migration run waits for"
            + " another process's migration lock (else lock-wait in ferry.yaml, 60s).")
    Duration lockWait;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", description = "lock_timeout for each statement of"
            + " a run (else lock-timeout in ferry.yaml, 3s).")
    Duration lockTimeout;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", description = "statement_timeout for each"
            + " statement of a run (else statement-timeout in ferry.yaml).")
    Duration statementTimeout;

    @Option(names = "--lock-retry-for", paramLabel = "DURATION", description = "How long a run keeps retrying a"
            + " revision that hit lock_timeout (else lock-retry-for in ferry.yaml, 1min).")
    Duration lockRetryFor;

    @Option(names = "--retries", paramLabel = "N", description = "At most N retries within --lock-retry-for.")
    Integer retries;

    @Option(names = "--port", paramLabel = "PORT", description = "The HTTP port (else $FERRY_SERVER_PORT, 8080).")
    Integer port;

    @Option(names = "--migrate-at-start", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Run 'upgrade head' (or --migrate-target) when the server starts, in the background (else"
                    + " $FERRY_MIGRATE_AT_START, false).")
    Boolean migrateAtStart;

    @Option(names = "--migrate-target", paramLabel = "head|heads", description = "What the start-up run and the"
            + " retry upgrade to: head, the one head, or heads, every head of a project with several branches (else"
            + " $FERRY_MIGRATE_TARGET, head).")
    MigrateTarget migrateTarget;

    @Option(names = "--refresh", paramLabel = "DURATION", description = "How often the live state is read again"
            + " (else $FERRY_REFRESH, 5s).")
    Duration refresh;

    @Option(names = "--probe-interval", paramLabel = "DURATION", description = "How often the alerts probe the"
            + " database (else $FERRY_ALERTS_PROBE_INTERVAL, 10s).")
    Duration probeInterval;

    @Option(names = "--probe-failures", paramLabel = "N", description = "Failed probes in a row that raise"
            + " database-unreachable (else $FERRY_ALERTS_PROBE_FAILURES, 3).")
    Integer probeFailures;

    @Option(names = "--stuck-after", paramLabel = "DURATION", description = "How long the migration lock may be"
            + " held before migration-stuck fires (else $FERRY_ALERTS_STUCK_AFTER, 15min).")
    Duration stuckAfter;

    @Option(names = "--stalled-after", paramLabel = "DURATION", description = "How long a running backfill may make"
            + " no progress before backfill-stalled fires (else $FERRY_ALERTS_STALLED_AFTER, 10min).")
    Duration stalledAfter;

    @Option(names = "--drift-interval", paramLabel = "DURATION|off", description = "How often the drift check"
            + " replays the database's revisions on a scratch database and compares the schemas; 0 or off: never"
            + " (else $FERRY_DRIFT_INTERVAL, 10min).")
    String driftInterval;

    @Option(names = "--dev-url", paramLabel = "URL", description = "A server where the drift check may create and drop"
            + " databases called ferry_scratch_*: postgres://USER:PASSWORD@HOST:PORT/DB or jdbc:postgresql://... (else"
            + " $FERRY_DEV_URL, else the embedded PostgreSQL of .ferry/pg).")
    String devUrl;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private ServerCommand() {
    }

    /**
     * Reads the command line and the server's own variables ({@code FERRY_SERVER_PORT},
     * {@code FERRY_MIGRATE_AT_START}, {@code FERRY_MIGRATE_TARGET}, {@code FERRY_REFRESH}); the project's and the database's variables
     * and {@code ferry.yaml} are the workspace's to read. Prints the usage to {@code out} for
     * {@code --help} (exit 0), or an error's lines to {@code err} (exit 2).
     */
    public static Outcome parse(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        ServerCommand command = new ServerCommand();
        CommandLine line = new CommandLine(command)
                .registerConverter(Duration.class, ServerCommand::duration)
                .registerConverter(MigrateTarget.class, ServerCommand::migrateTarget)
                .setOut(out)
                .setErr(err);
        try {
            line.parseArgs(args);
        } catch (ParameterException e) {
            String hint = "see 'ferry-server --help'";
            if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                hint = "did you mean " + String.join(" or ", unmatched.getSuggestions().stream()
                        .map(s -> "'" + s + "'").toList()) + "? See 'ferry-server --help'";
            }
            report(err, UsageError.INVALID_USAGE, e.getMessage(), hint, UsageError.INVALID_USAGE.runbook());
            return new Outcome(null, UsageError.INVALID_USAGE.exitCode());
        }
        if (line.isUsageHelpRequested()) {
            line.usage(out);
            out.flush();
            return new Outcome(null, 0);
        }
        try {
            return new Outcome(command.launch(env), 0);
        } catch (FerryException e) {
            reportFailure(err, e, command.projectSettings(), env);
            return new Outcome(null, e.code().exitCode());
        }
    }

    /** Prints a Ferry error as {@code ferry} does: its code, cause, hint in the command's words and runbook. */
    public static void reportFailure(PrintWriter err, FerryException e, ProjectSettings project, Map<String, String> env) {
        String runbook = PublicUrl.of(project, env).map(e.code()::runbookUrl).orElseGet(e.code()::runbook);
        report(err, e.code(), e.getMessage(), CommandWords.say(e.remedy()), runbook);
    }

    private static void report(PrintWriter err, ErrorCode code, String message, String hint, String runbook) {
        err.println("error[" + code.id() + "]: " + message.strip().replaceAll("\\s*\\R\\s*", " "));
        if (!hint.isBlank()) {
            err.println("hint: " + hint);
        }
        err.println("see: " + runbook);
        err.flush();
    }

    private ServerLaunch launch(Map<String, String> env) {
        int resolvedPort = port != null ? port : fromEnv(env, "FERRY_SERVER_PORT", DEFAULT_PORT, Integer::valueOf,
                "a port number, for example 8080");
        if (resolvedPort < 1 || resolvedPort > 65535) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, (port != null ? "--port"
                    : "FERRY_SERVER_PORT") + " must be a port from 1 to 65535, not " + resolvedPort,
                    "give a free port, for example --port 8080");
        }
        boolean migrate = migrateAtStart != null ? migrateAtStart : fromEnv(env, "FERRY_MIGRATE_AT_START", false,
                ServerCommand::bool, "true or false");
        MigrateTarget target = migrateTarget != null ? migrateTarget : fromEnv(env, "FERRY_MIGRATE_TARGET",
                MigrateTarget.DEFAULT, MigrateTarget::parse, "head or heads");
        Duration every = refresh != null ? refresh : fromEnv(env, "FERRY_REFRESH", DEFAULT_REFRESH, Durations::parse,
                "a duration such as 500ms, 5s or 1min");
        if (every.isZero() || every.isNegative()) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "the refresh interval must be longer"
                    + " than 0s", "give how often to read the live state, for example --refresh 5s");
        }
        return new ServerLaunch(projectSettings(), new ConnectionSettings(url, user, password, connectTimeout),
                new RunSettings(lockWait, lockTimeout, statementTimeout, lockRetryFor, retries), resolvedPort, migrate,
                target, every, alertTimings(env), driftInterval(env), devUrl(env));
    }

    /** The drift check's interval: the flag, else FERRY_DRIFT_INTERVAL, else 10min; zero for 0 or off. */
    private Duration driftInterval(Map<String, String> env) {
        if (driftInterval != null) {
            try {
                return DriftInterval.parse(driftInterval);
            } catch (IllegalArgumentException e) {
                throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "--drift-interval is '"
                        + driftInterval.strip() + "', not a duration such as 10min, or off",
                        "give how often to check the drift, for example --drift-interval 10min");
            }
        }
        return fromEnv(env, "FERRY_DRIFT_INTERVAL", DriftInterval.DEFAULT, DriftInterval::parse,
                "a duration such as 10min, or off");
    }

    /** The drift check's scratch server: the flag, else FERRY_DEV_URL; null for the embedded server. */
    private String devUrl(Map<String, String> env) {
        String given = devUrl != null ? devUrl : env.get("FERRY_DEV_URL");
        return given == null || given.isBlank() ? null : given.strip();
    }

    /** The alert rules' timings: each flag, else its variable, else the default. */
    private AlertTimings alertTimings(Map<String, String> env) {
        AlertTimings defaults = AlertTimings.DEFAULTS;
        String duration = "a duration such as 10s or 15min";
        return new AlertTimings(
                probeInterval != null ? probeInterval : fromEnv(env, "FERRY_ALERTS_PROBE_INTERVAL",
                        defaults.probeInterval(), Durations::parse, duration),
                probeFailures != null ? probeFailures : fromEnv(env, "FERRY_ALERTS_PROBE_FAILURES",
                        defaults.probeFailures(), Integer::valueOf, "a number such as 3"),
                stuckAfter != null ? stuckAfter : fromEnv(env, "FERRY_ALERTS_STUCK_AFTER", defaults.stuckAfter(),
                        Durations::parse, duration),
                stalledAfter != null ? stalledAfter : fromEnv(env, "FERRY_ALERTS_STALLED_AFTER",
                        defaults.stalledAfter(), Durations::parse, duration));
    }

    private ProjectSettings projectSettings() {
        return new ProjectSettings(dirs, config, schema, flyway, placeholders, ignoreMisnamed);
    }

    private static <T> T fromEnv(Map<String, String> env, String name, T otherwise,
                                 Function<String, T> read, String expected) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return read.apply(value.strip());
        } catch (IllegalArgumentException e) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, name + " is '" + value.strip()
                    + "', not " + expected, "correct or unset " + name);
        }
    }

    private static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(value);
        };
    }

    private static MigrateTarget migrateTarget(String value) {
        try {
            return MigrateTarget.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    private static Duration duration(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
