package io.ferry.migration.exec;

import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.sql.StatementTraits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of one step together with the timeouts it runs under. The {@link Executor} sends it and the
 * {@link OfflineScript} prints it; both take every statement from here, so that a run and a script of the
 * same plan cannot come to differ. The policy:
 * <ul>
 *   <li>a transactional step runs in one transaction, with its {@code statement_timeout} set for that
 *   transaction only ({@code SET LOCAL});</li>
 *   <li>a step that runs statement by statement sets its {@code statement_timeout} for the session until
 *   it ends, and a {@code lock_timeout} before each statement: the run's, or none for a statement that
 *   works concurrently ({@code CREATE INDEX CONCURRENTLY}, ...), which is built to wait without blocking
 *   the application, and which would leave an invalid index behind if stopped half-way;</li>
 *   <li>a revision's own {@code statement_timeout} (from its header) wins over the run's.</li>
 * </ul>
 * The one difference is where the session's {@code lock_timeout} comes from between steps. A run sets it
 * once for its whole session ({@link #runLockTimeout}) and puts it back after a step that changed it. A
 * script's session starts from the server's settings: its transactional steps set the lock timeout for
 * their own transaction, and its statement-by-statement steps reset what they set.
 */
final class StepSql {

    /** Where the step runs, which decides what the session holds between steps. */
    private enum Session { RUN, SCRIPT }

    private final PlannedStep step;
    private final ExecutionSettings settings;
    private final Session session;

    private StepSql(PlannedStep step, ExecutionSettings settings, Session session) {
        this.step = step;
        this.settings = settings;
        this.session = session;
    }

    /** The step as a run sends it, on a session that already holds {@link #runLockTimeout}. */
    static StepSql online(PlannedStep step, ExecutionSettings settings) {
        return new StepSql(step, settings, Session.RUN);
    }

    /** The step as a script prints it, for a session that starts from the server's settings. */
    static StepSql offline(PlannedStep step, ExecutionSettings settings) {
        return new StepSql(step, settings, Session.SCRIPT);
    }

    /** What a run sets once, before its first step: the run's {@code lock_timeout}, for the whole session. */
    static String runLockTimeout(ExecutionSettings settings) {
        return "SET lock_timeout = " + millis(settings.lockTimeout());
    }

    /** True when the step runs in one transaction; false when it runs statement by statement. */
    boolean transactional() {
        return step.transactional();
    }

    /** The step's statements, in order. */
    List<SqlStatement> statements() {
        return step.statements();
    }

    /** The step's {@code statement_timeout}: its revision's own, or else the run's; empty leaves the server's. */
    Optional<Duration> statementTimeout() {
        return step.revision().statementTimeout().or(settings::statementTimeout);
    }

    /** The first statements inside the step's transaction: its timeouts, for that transaction only. */
    List<String> transactionSettings() {
        List<String> sql = new ArrayList<>();
        if (session == Session.SCRIPT) {
            sql.add("SET LOCAL lock_timeout = " + millis(settings.lockTimeout()));
        }
        statementTimeout().ifPresent(t -> sql.add("SET LOCAL statement_timeout = " + millis(t)));
        return sql;
    }

    /** Before the first statement of a step that runs statement by statement: its statement timeout. */
    List<String> sessionSettings() {
        return statementTimeout().map(t -> List.of("SET statement_timeout = " + millis(t))).orElse(List.of());
    }

    /** Before one statement of a step that runs statement by statement: its lock timeout. */
    String lockTimeoutFor(SqlStatement statement) {
        return "SET lock_timeout = " + millis(lockTimeoutOf(statement));
    }

    /** The lock timeout a statement of a step that runs statement by statement runs under; zero for none. */
    Duration lockTimeoutOf(SqlStatement statement) {
        return StatementTraits.of(statement).isConcurrent() ? Duration.ZERO : settings.lockTimeout();
    }

    /**
     * After a step that ran statement by statement, whether it succeeded or not: the session's timeouts as
     * they were before the step.
     */
    List<String> sessionReset() {
        List<String> sql = new ArrayList<>();
        sql.add(session == Session.RUN ? runLockTimeout(settings) : "RESET lock_timeout");
        if (statementTimeout().isPresent()) {
            sql.add("RESET statement_timeout");
        }
        return sql;
    }

    private static String millis(Duration d) {
        return "'" + d.toMillis() + "ms'";
    }
}
