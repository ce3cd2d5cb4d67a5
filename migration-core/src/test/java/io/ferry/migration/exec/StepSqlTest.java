package io.ferry.migration.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.graph.Direction;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.sql.SqlStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One timeout policy for a step, whether a run sends it or a script prints it. */
class StepSqlTest {

    private static final ExecutionSettings SETTINGS = new ExecutionSettings(Duration.ofSeconds(3),
            Optional.of(Duration.ofMinutes(1)), LockRetries.defaults(), PartialPolicy.REFUSE);

    private static PlannedStep step(boolean transactional, Duration ownTimeout, String sql) {
        Revision r = Revision.builder("a1b2c3d4e5f6").up(SqlBody.unsplit("a.sql", sql, 1, SqlBody.Check.NONE))
                .transactional(transactional).statementTimeout(ownTimeout).origin("a.sql").build();
        return new PlannedStep(r, Direction.UPGRADE, r.up(), List.of(), List.of("a1b2c3d4e5f6"));
    }

    @Test
    void aTransactionalStepGetsItsTimeoutsForItsTransactionOnly() {
        PlannedStep step = step(true, null, "CREATE TABLE t (id int);");
        assertThat(StepSql.online(step, SETTINGS).transactional()).isTrue();
        assertThat(StepSql.online(step, SETTINGS).transactionSettings())
                .as("a run's session holds its lock_timeout already")
                .containsExactly("SET LOCAL statement_timeout = '60000ms'");
        assertThat(StepSql.offline(step, SETTINGS).transactionSettings())
                .containsExactly("SET LOCAL lock_timeout = '3000ms'", "SET LOCAL statement_timeout = '60000ms'");
    }

    @Test
    void aRevisionsOwnStatementTimeoutWinsOverTheRuns() {
        PlannedStep step = step(true, Duration.ofSeconds(5), "CREATE TABLE t (id int);");
        assertThat(StepSql.online(step, SETTINGS).statementTimeout()).contains(Duration.ofSeconds(5));
        assertThat(StepSql.offline(step, SETTINGS).transactionSettings())
                .contains("SET LOCAL statement_timeout = '5000ms'");
    }

    @Test
    void statementByStatementTheRunAndTheScriptSetTheSameTimeouts() {
        PlannedStep step = step(false, null, "CREATE INDEX CONCURRENTLY t_id ON t (id);\nALTER TABLE t ADD c int;");
        StepSql online = StepSql.online(step, SETTINGS);
        StepSql offline = StepSql.offline(step, SETTINGS);
        assertThat(online.transactional()).isFalse();
        assertThat(online.sessionSettings()).isEqualTo(offline.sessionSettings())
                .containsExactly("SET statement_timeout = '60000ms'");
        List<SqlStatement> statements = online.statements();
        assertThat(statements).hasSize(2);
        for (SqlStatement statement : statements) {
            assertThat(online.lockTimeoutFor(statement)).isEqualTo(offline.lockTimeoutFor(statement));
        }
        assertThat(online.lockTimeoutFor(statements.get(0))).as("a concurrent statement waits without blocking")
                .isEqualTo("SET lock_timeout = '0ms'");
        assertThat(online.lockTimeoutFor(statements.get(1))).isEqualTo("SET lock_timeout = '3000ms'");
    }

    @Test
    void afterAStatementByStatementStepTheRunPutsItsLockTimeoutBackAndTheScriptResetsIt() {
        PlannedStep step = step(false, null, "VACUUM t;");
        assertThat(StepSql.online(step, SETTINGS).sessionReset())
                .containsExactly(StepSql.runLockTimeout(SETTINGS), "RESET statement_timeout");
        assertThat(StepSql.runLockTimeout(SETTINGS)).isEqualTo("SET lock_timeout = '3000ms'");
        assertThat(StepSql.offline(step, SETTINGS).sessionReset())
                .containsExactly("RESET lock_timeout", "RESET statement_timeout");
        ExecutionSettings noStatementTimeout = new ExecutionSettings(Duration.ofSeconds(3), Optional.empty(),
                LockRetries.defaults(), PartialPolicy.REFUSE);
        assertThat(StepSql.offline(step, noStatementTimeout).sessionReset()).containsExactly("RESET lock_timeout");
        assertThat(StepSql.offline(step, noStatementTimeout).sessionSettings()).isEmpty();
    }
}
