package io.ferry.migration.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.sql.SqlStatement;
import java.sql.BatchUpdateException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which revisions go to the server in one batch, and how the entry a batch failed at is read from the driver's
 * message: its number, whatever follows it and in whichever digits the driver writes it.
 */
class BatchTest {

    private static List<SqlStatement> statements(String... sql) {
        List<SqlStatement> all = new ArrayList<>();
        for (int i = 0; i < sql.length; i++) {
            all.add(new SqlStatement(sql[i], i + 1));
        }
        return all;
    }

    @Test
    void smallStatementsThatReturnNoRowsGoInOneBatch() {
        assertThat(Executor.batchable(List.of("SET LOCAL statement_timeout = 1000"), statements(
                "CREATE TABLE t (id int)", "INSERT INTO t VALUES (1)", "DO $$ BEGIN NULL; END $$"))).isTrue();
    }

    @Test
    void aStatementThatReturnsRowsOrNoStatementAtAllKeepsTheRevisionOutOfABatch() {
        assertThat(Executor.batchable(List.of(), statements("CREATE TABLE t (id int)", "SELECT 1"))).isFalse();
        assertThat(Executor.batchable(List.of(), statements("INSERT INTO t VALUES (1) RETURNING id"))).isFalse();
        assertThat(Executor.batchable(List.of(), List.of())).isFalse();
    }

    @Test
    void tooMuchTextOrTooManyStatementsKeepTheRevisionOutOfABatch() {
        String big = "COMMENT ON TABLE t IS '" + "x".repeat(Executor.BATCH_BYTES) + "'";
        assertThat(Executor.batchable(List.of(), statements(big))).isFalse();
        String half = "COMMENT ON TABLE t IS '" + "x".repeat(Executor.BATCH_BYTES / 2) + "'";
        assertThat(Executor.batchable(List.of(), statements(half))).isTrue();
        assertThat(Executor.batchable(List.of(), statements(half, half))).as("the text is counted over all of them")
                .isFalse();
        assertThat(Executor.batchable(List.of("SET LOCAL lock_timeout = '" + "1".repeat(Executor.BATCH_BYTES) + "'"),
                statements("CREATE TABLE t (id int)"))).as("settings and the record count too").isFalse();
        String third = "COMMENT ON TABLE t IS '" + "é".repeat(Executor.BATCH_BYTES * 2 / 3) + "'";
        assertThat(Executor.batchable(List.of(), statements(third))).as("é is two bytes in UTF-8").isFalse();
        String[] many = new String[Executor.BATCH_STATEMENTS + 1];
        java.util.Arrays.fill(many, "INSERT INTO t VALUES (1)");
        assertThat(Executor.batchable(List.of(), statements(many))).isFalse();
        assertThat(Executor.batchable(List.of(), statements(java.util.Arrays.copyOf(many,
                Executor.BATCH_STATEMENTS)))).isTrue();
    }

    @Test
    void theFailedEntryIsTheDriversNumberLessTheSettings() {
        // Entry 11 repeats the text of entry 1: only the number tells them apart.
        BatchUpdateException e = new BatchUpdateException("Batch entry 11 INSERT INTO t VALUES (1) was aborted:"
                + " ERROR: duplicate key value violates unique constraint \"t_pkey\"  Detail: Key (id)=(1) already"
                + " exists.  Call getNextException to see other errors in the batch.", "23505", new int[0]);
        assertThat(Executor.failedStatement(e, 0, 12)).isEqualTo(11);
        assertThat(Executor.failedStatement(e, 1, 12)).as("after one setting").isEqualTo(10);
        assertThat(Executor.failedStatement(e, 0, 11)).as("the entry after the statements: the record").isEqualTo(-1);
        assertThat(Executor.failedStatement(e, 12, 5)).as("a setting").isEqualTo(-1);
    }

    @Test
    void theNumberIsReadWithoutTheStatementsTextAndInOtherDigits() {
        assertThat(Executor.failedStatement(new BatchUpdateException("Batch entry 3 <unknown> was aborted: ERROR:"
                + " division by zero  Call getNextException to see other errors in the batch.", "22012", new int[0]),
                0, 5)).isEqualTo(3);
        // Under a locale whose digits are not ASCII (fa-IR here), the driver's number is in them, and the SQL
        // after it holds ASCII digits.
        assertThat(Executor.failedStatement(new BatchUpdateException("Batch entry \u06f1\u06f2 INSERT INTO t VALUES"
                + " (1) was aborted: ERROR: duplicate key value", "23505", new int[0]), 0, 14)).isEqualTo(12);
        assertThat(Executor.failedStatement(new BatchUpdateException("no number here", "22012", new int[0]), 0, 5))
                .isEqualTo(-1);
        assertThat(Executor.failedStatement(new BatchUpdateException((String) null, "22012", new int[0]), 0, 5))
                .isEqualTo(-1);
    }
}
