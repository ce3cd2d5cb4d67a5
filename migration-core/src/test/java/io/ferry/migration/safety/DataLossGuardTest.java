package io.ferry.migration.safety;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The guard counts, on the live database, what each statement of a plan that loses data would take away. */
class DataLossGuardTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @BeforeEach
    void clean() throws Exception {
        db.reset();
    }

    /** A project whose base creates accounts and whose second revision's down section is {@code down}. */
    private Ferry project(String up, String down) throws Exception {
        Project p = new Project(dir);
        p.revision("r1", "base", "CREATE TABLE accounts (id int PRIMARY KEY, email text, score numeric(6,2));", null);
        p.revision("r2", "r1", up, down);
        Ferry ferry = p.ferry(db);
        ferry.upgrade("head");
        return ferry;
    }

    private static List<String> described(DataLossReport report) {
        return report.items().stream().map(Loss::describe).toList();
    }

    @Test
    void aDowngradeDroppingAColumnWithDataIsRefusedWithTheCountThenRunsWhenAllowedAndIsRecorded() throws Exception {
        Ferry ferry = project("ALTER TABLE accounts ADD COLUMN nickname text;",
                "ALTER TABLE accounts DROP COLUMN nickname;");
        db.execute("INSERT INTO accounts (id, nickname) VALUES (1, 'a'), (2, NULL), (3, 'c')");

        assertFails(() -> ferry.downgrade("r1"), MigrationErrorCode.DOWNGRADE_LOSES_DATA,
                "column accounts.nickname: 2 values", "002_r2.sql:7", "revision r2", "nothing was run");
        assertThat(ferry.current()).containsExactly("r2");
        assertThat(db.column("SELECT count(nickname) FROM accounts")).containsExactly("2");

        Ferry allowed = new Project(dir).configure(db).allowDataLoss(true).load();
        allowed.downgrade("r1");

        assertThat(allowed.current()).containsExactly("r1");
        HistoryEntry last = allowed.history().get(allowed.history().size() - 1);
        assertThat(last.revision()).isEqualTo("r2");
        assertThat(last.dataLoss()).contains("column accounts.nickname: 2 values");
        assertThat(db.column("SELECT data_loss FROM ferry_history ORDER BY id"))
                .containsExactly(null, null, "column accounts.nickname: 2 values");
    }

    @Test
    void aColumnHoldingOnlyNullsIsDroppedWithoutAsking() throws Exception {
        Ferry ferry = project("ALTER TABLE accounts ADD COLUMN nickname text;",
                "ALTER TABLE accounts DROP COLUMN nickname;");
        db.execute("INSERT INTO accounts (id) VALUES (1), (2)");

        assertThat(described(ferry.dataLoss(ferry.planDowngrade("r1"))))
                .containsExactly("column accounts.nickname: 0 values");
        ferry.downgrade("r1");

        assertThat(ferry.current()).containsExactly("r1");
        assertThat(ferry.history()).allMatch(e -> e.dataLoss().isEmpty());
    }

    @Test
    void droppedAndEmptiedTablesCountTheirRowsAndATableTheRunCreatesLosesNothing() throws Exception {
        Ferry ferry = project("CREATE TABLE audit (id int); CREATE TABLE notes (id int); CREATE TABLE empty (id int);",
                "DROP TABLE IF EXISTS audit, notes CASCADE;\nDROP TABLE empty;\nTRUNCATE accounts;");
        db.execute("INSERT INTO audit SELECT generate_series(1, 1204)", "INSERT INTO notes VALUES (1)",
                "INSERT INTO accounts (id) VALUES (1), (2)");

        DataLossReport report = ferry.dataLoss(ferry.planDowngrade("r1"));

        assertThat(described(report)).containsExactly("table audit: 1,204 rows", "table notes: 1 row",
                "table empty: 0 rows", "rows of accounts: 2 rows");
        assertThat(report.items()).extracting(Loss::line).containsExactly(7, 7, 8, 9);
        assertThat(report.summary()).isEqualTo("table audit: 1,204 rows; table notes: 1 row; rows of accounts: 2 rows");

        // An upgrade that creates a table and drops it again, on a database that never had it, loses nothing.
        Project later = new Project(dir.resolve("later"));
        later.revision("t1", "base", "CREATE TABLE scratch (id int);\nINSERT INTO scratch VALUES (1);\nDROP TABLE scratch;",
                null);
        db.reset();
        Ferry fresh = later.ferry(db);
        assertThat(fresh.dataLoss(fresh.planUpgrade("head")).items()).isEmpty();
        fresh.upgrade("head");
    }

    @Test
    void deleteWithoutWhereCountsTheRowsAndTruncateCascadeCountsTheTablesThatReferenceIt() throws Exception {
        Ferry ferry = project("CREATE TABLE orders (id int PRIMARY KEY, account int REFERENCES accounts);"
                        + " CREATE TABLE lines (id int, o int REFERENCES orders);",
                "DELETE FROM accounts WHERE id > 100;\nDELETE FROM ONLY lines;\nTRUNCATE TABLE accounts CASCADE;");
        db.execute("INSERT INTO accounts (id) VALUES (1), (2), (3)", "INSERT INTO orders VALUES (1, 1), (2, 2)",
                "INSERT INTO lines VALUES (1, 1)");

        DataLossReport report = ferry.dataLoss(ferry.planDowngrade("r1"));

        // lines is emptied by the DELETE first; TRUNCATE ... CASCADE then takes accounts and orders.
        assertThat(described(report)).containsExactly("rows of lines: 1 row", "rows of accounts: 3 rows",
                "rows of orders: 2 rows");
    }

    @Test
    void anUpgradeThatDeletesEveryRowIsRefusedWithItsOwnCode() throws Exception {
        Project p = new Project(dir);
        p.revision("u1", "base", "CREATE TABLE audit (id int);", null);
        Ferry ferry = p.ferry(db);
        ferry.upgrade("head");
        db.execute("INSERT INTO audit VALUES (1), (2)");
        p.revision("u2", "u1", "DELETE FROM audit;", null);
        Ferry next = p.ferry(db);

        assertFails(() -> next.upgrade("head"), MigrationErrorCode.UPGRADE_LOSES_DATA, "rows of audit: 2 rows");
        assertThat(db.column("SELECT count(*) FROM audit")).containsExactly("2");
    }

    @Test
    void aTypeChangeCountsTheValuesThatDoNotSurviveTheRoundTrip() throws Exception {
        Ferry ferry = project("ALTER TABLE accounts ADD COLUMN code text;",
                "ALTER TABLE accounts ALTER COLUMN score TYPE integer, ALTER id SET DATA TYPE bigint,"
                        + " ALTER code TYPE integer USING code::integer;");
        db.execute("INSERT INTO accounts (id, score, code) VALUES (1, 1.50, '7'), (2, 2.00, NULL), (3, 2.25, 'x'),"
                + " (4, NULL, NULL)");

        DataLossReport report = ferry.dataLoss(ferry.planDowngrade("r1"));

        assertThat(report.items()).hasSize(3);
        assertThat(report.items().get(0).describe()).isEqualTo("values of accounts.score (to integer): 2 values changed");
        assertThat(report.items().get(1).describe()).isEqualTo("values of accounts.id (to bigint): 0 values changed");
        // 'x' cannot become an integer: the change would fail, not lose it, so it is not a loss.
        Loss code = report.items().get(2);
        assertThat(code.measure()).isEqualTo(Loss.Measure.UNCOUNTED);
        assertThat(code.losesData()).isFalse();
        assertThat(code.describe()).contains("not counted", "invalid input syntax for type integer", "fails");
        assertThat(report.summary()).isEqualTo("values of accounts.score (to integer): 2 values changed");
    }

    @Test
    void droppingASchemaWithCascadeCountsTheRowsOfItsTables() throws Exception {
        Ferry ferry = project("CREATE SCHEMA archive; CREATE TABLE archive.old (id int); CREATE TABLE archive.none (id int);",
                "DROP SCHEMA archive CASCADE;");
        db.execute("INSERT INTO archive.old VALUES (1), (2), (3)");

        assertThat(described(ferry.dataLoss(ferry.planDowngrade("r1"))))
                .containsExactly("table archive.none: 0 rows", "table archive.old: 3 rows");
    }

    @Test
    void aCountThatRunsPastItsTimeoutFallsBackToTheEstimate() throws Exception {
        Ferry ferry = project("CREATE TABLE audit (id int);", "DROP TABLE audit;");
        db.execute("INSERT INTO audit SELECT generate_series(1, 500)", "ANALYZE audit");
        Plan plan = ferry.planDowngrade("r1");
        // Another session holds the table: the count waits for it until its timeout.
        try (Connection holder = db.connect(); Connection guard = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE audit IN ACCESS EXCLUSIVE MODE");
            }
            DataLossReport report = new DataLossGuard(guard, Duration.ofMillis(200)).measure(plan);
            holder.rollback();

            Loss loss = report.items().get(0);
            assertThat(loss.measure()).isEqualTo(Loss.Measure.ESTIMATED);
            assertThat(loss.count()).isEqualTo(500);
            assertThat(loss.losesData()).isTrue();
            assertThat(loss.describe()).isEqualTo("table audit: about 500 rows, estimated");
        }
        assertThat(ferry.dataLoss(plan).items().get(0).describe()).isEqualTo("table audit: 500 rows");
    }

    @Test
    void statementsAreReadWithTheirPlacesAndOtherStatementsAreLeftAlone() {
        assertThat(LossStatement.read(io.ferry.migration.sql.SqlTokens.of(
                "ALTER TABLE ONLY app.t DROP CONSTRAINT k, DROP COLUMN IF EXISTS \"Mixed\" CASCADE,\n ALTER c DROP DEFAULT,"
                        + " ALTER COLUMN d TYPE varchar(20) COLLATE \"C\" USING trim(d)")))
                .extracting(LossStatement::shape, s -> s.name().toString(), LossStatement::column, LossStatement::newType,
                        LossStatement::using, LossStatement::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LossStatement.Shape.DROP_COLUMN, "app.t", "Mixed", null,
                                Optional.empty(), 1),
                        org.assertj.core.groups.Tuple.tuple(LossStatement.Shape.ALTER_TYPE, "app.t", "d", "varchar(20)",
                                Optional.of("trim(d)"), 2));
        assertThat(LossStatement.read(io.ferry.migration.sql.SqlTokens.of("DELETE FROM t WHERE id = 1"))).isEmpty();
        assertThat(LossStatement.read(io.ferry.migration.sql.SqlTokens.of("DROP SCHEMA s"))).isEmpty();
        assertThat(LossStatement.read(io.ferry.migration.sql.SqlTokens.of("DROP INDEX i"))).isEmpty();
    }
}
