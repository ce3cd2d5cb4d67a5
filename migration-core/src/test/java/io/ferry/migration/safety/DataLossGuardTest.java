package io.ferry.migration.safety;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.sql.ColumnType;
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
                        + " ALTER code TYPE integer USING code::integer + 0;");
        db.execute("INSERT INTO accounts (id, score, code) VALUES (1, 1.50, '7'), (2, 2.00, NULL), (3, 2.25, 'x'),"
                + " (4, NULL, NULL)");

        DataLossReport report = ferry.dataLoss(ferry.planDowngrade("r1"));

        // integer to bigint keeps every value: not counted at all.
        assertThat(report.items()).hasSize(2);
        assertThat(report.items().get(0).describe()).isEqualTo("values of accounts.score (to integer): 2 values changed");
        // 'x' cannot become an integer (SQLSTATE class 22): the change would fail, not lose it, so it is not a loss.
        Loss code = report.items().get(1);
        assertThat(code.measure()).isEqualTo(Loss.Measure.UNCOUNTED);
        assertThat(code.losesData()).isFalse();
        assertThat(code.sqlState()).isEqualTo("22P02");
        assertThat(code.describe()).contains("not counted", "invalid input syntax for type integer", "fails");
        assertThat(report.summary()).isEqualTo("values of accounts.score (to integer): 2 values changed");
    }

    @Test
    void typeChangesThatKeepEveryValueAndConversionsFromStringsAreNotCounted() throws Exception {
        Ferry ferry = project("CREATE TABLE wide (s smallint, i int, r real, v varchar(5), c char(3), n numeric(6,2),"
                        + " d date, t text, w text, b boolean, m numeric(4,1));"
                        + " INSERT INTO wide VALUES (7, 8, 1.5, 'abc', 'ab', 1234.56, '2026-01-02', '07', 'abcdef', true,"
                        + " 123.4);",
                "ALTER TABLE wide ALTER s TYPE integer, ALTER i TYPE numeric, ALTER r TYPE double precision,"
                        + " ALTER v TYPE varchar(10), ALTER c TYPE varchar(3), ALTER n TYPE numeric(9,2),"
                        + " ALTER d TYPE timestamptz, ALTER t TYPE integer, ALTER w TYPE varchar(3), ALTER b TYPE text,"
                        + " ALTER m TYPE numeric(6,2);\nALTER TABLE wide ALTER s TYPE bigint, ALTER i TYPE numeric(12);");

        // '07' reads as 7 and 'abcdef' does not fit varchar(3): the change reads each string or fails; no count.
        assertThat(ferry.dataLoss(ferry.planDowngrade("r1")).items()).isEmpty();
        assertThat(ColumnType.parse("numeric(12)").keepsEveryValue(ColumnType.parse("numeric(12,2)"))).isFalse();
        assertThat(ColumnType.parse("integer").keepsEveryValue(ColumnType.parse("numeric(9)"))).isFalse();
        assertThat(ColumnType.parse("bigint").keepsEveryValue(ColumnType.parse("integer"))).isFalse();
        assertThat(ColumnType.parse("timestamptz").keepsEveryValue(ColumnType.parse("date"))).isFalse();
        assertThat(ColumnType.parse("varchar(10)").keepsEveryValue(ColumnType.parse("char(5)"))).isFalse();
    }

    @Test
    void aTypeChangeWithUsingCountsTheValuesTheExpressionMakesNullAndACastOfTheColumnCountsAsNoUsing()
            throws Exception {
        Ferry ferry = project("ALTER TABLE accounts ADD COLUMN code text; ALTER TABLE accounts ADD COLUMN rank numeric;",
                "ALTER TABLE accounts ALTER score TYPE numeric(10,2) USING score * 100,"
                        + " ALTER id TYPE bigint USING nullif(id, 2);\n"
                        + "ALTER TABLE accounts ALTER score TYPE integer USING (CAST((score) AS integer)),"
                        + " ALTER rank TYPE int USING rank::integer;");
        db.execute("INSERT INTO accounts (id, score, rank) VALUES (1, 1.50, 2.5), (2, 2.00, 3), (3, NULL, 4.5)");

        DataLossReport report = ferry.dataLoss(ferry.planDowngrade("r1"));

        // Every score changes, but none is made NULL; id 2 is. A plain cast of the column is counted as no USING:
        // by the round trip, which 1.50 and 2.5 and 4.5 do not survive.
        assertThat(described(report)).containsExactly(
                "values of accounts.score (to numeric(10,2)): 0 values made NULL",
                "values of accounts.id (to bigint): 1 value made NULL",
                "values of accounts.score (to integer): 1 value changed",
                "values of accounts.rank (to int): 2 values changed");
        assertThat(report.items()).extracting(Loss::kind)
                .containsExactly(LossKind.NULLED, LossKind.NULLED, LossKind.VALUES, LossKind.VALUES);
    }

    @Test
    void aTypeChangeWhoseCountFailsForAnotherReasonThanAValueRefusesWithTheServersMessage() throws Exception {
        Ferry ferry = project("ALTER TABLE accounts ADD COLUMN code text;",
                "CREATE TYPE mood AS ENUM ('ok');\nALTER TABLE accounts ALTER code TYPE mood USING lower(code)::mood;\n"
                        + "ALTER TABLE accounts ALTER id TYPE bigint USING no_such_function(id);");
        db.execute("INSERT INTO accounts (id, code) VALUES (1, 'ok')");

        DataLossReport report = ferry.dataLoss(ferry.planDowngrade("r1"));

        // The type does not exist yet (an earlier statement creates it), and the function not at all: nothing was
        // counted, so nothing shows that nothing is lost.
        assertThat(report.items()).extracting(Loss::measure, Loss::sqlState, Loss::losesData).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Loss.Measure.UNCOUNTED, "42704", true),
                org.assertj.core.groups.Tuple.tuple(Loss.Measure.UNCOUNTED, "42883", true));
        assertThat(report.items().get(0).describe()).contains("not counted", "type \"mood\" does not exist")
                .doesNotContain("rather than lose it");
        assertThat(report.items().get(1).describe()).contains("not counted", "no_such_function");
        assertFails(() -> ferry.downgrade("r1"), MigrationErrorCode.DOWNGRADE_LOSES_DATA,
                "values of accounts.code (to mood): not counted (", "does not exist");
    }

    @Test
    void changesFromStringsToTypesThatCutThemAreCounted() throws Exception {
        Ferry ferry = project("CREATE TABLE tags (a text, b text);"
                        + " INSERT INTO tags VALUES (repeat('x', 70), 'yes'), ('short', 'n');",
                "ALTER TABLE tags ALTER a TYPE name, ALTER b TYPE \"char\";");

        // name keeps 63 bytes, "char" one: neither fails on a longer value.
        assertThat(described(ferry.dataLoss(ferry.planDowngrade("r1")))).containsExactly(
                "values of tags.a (to name): 1 value changed", "values of tags.b (to \"char\"): 1 value changed");
        assertThat(ColumnType.parse("\"char\"")).isNotEqualTo(ColumnType.parse("char"));
        assertThat(ColumnType.parse("\"text\"")).isEqualTo(ColumnType.parse("text"));
    }

    @Test
    void aSearchPathSetForTheTransactionOnlyLastsUntilTheEndOfItsStep() throws Exception {
        project("CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int); CREATE TABLE invoices (id int);",
                "DROP TABLE invoices;");
        Ferry ferry = project2("SELECT set_config('search_path', 'billing', true);\nTRUNCATE invoices;");
        db.execute("INSERT INTO billing.invoices VALUES (1), (2)", "INSERT INTO invoices VALUES (1), (2), (3)");

        // r3's step empties billing.invoices; r2's, after it, drops public's.
        assertThat(described(ferry.dataLoss(ferry.planDowngrade("r1"))))
                .containsExactly("rows of invoices: 2 rows", "table invoices: 3 rows");
        assertThat(SearchPathSetting.of(io.ferry.migration.sql.SqlTokens.of("SET LOCAL search_path TO billing")))
                .contains(new SearchPathSetting("SET LOCAL search_path TO billing", true));
        assertThat(SearchPathSetting.of(io.ferry.migration.sql.SqlTokens.of("SET SESSION search_path = billing")))
                .contains(new SearchPathSetting("SET LOCAL search_path TO billing", false));
    }

    @Test
    void setSearchPathInTheRevisionIsFollowedInPlanOrder() throws Exception {
        Ferry ferry = project("CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int);"
                        + " CREATE SCHEMA archive; CREATE TABLE archive.notes (id int, body text);",
                "SET search_path TO billing;\nDROP TABLE invoices;\n"
                        + "SELECT set_config('search_path', 'archive, public', false);\nALTER TABLE notes DROP COLUMN body;\n"
                        + "SET SESSION search_path = DEFAULT;\nTRUNCATE accounts;");
        db.execute("INSERT INTO billing.invoices VALUES (1), (2)", "INSERT INTO archive.notes VALUES (1, 'x')",
                "INSERT INTO accounts (id) VALUES (1)");

        assertThat(described(ferry.dataLoss(ferry.planDowngrade("r1")))).containsExactly("table invoices: 2 rows",
                "column notes.body: 1 value", "rows of accounts: 1 row");
    }

    @Test
    void rowLevelSecurityCannotHideRowsAndACountThatFailsRefuses() throws Exception {
        Ferry ferry = project("CREATE TABLE secrets (id int);", "DROP TABLE secrets;");
        db.execute("DO $$ BEGIN CREATE ROLE ferry_rls_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
                "GRANT USAGE ON SCHEMA public TO ferry_rls_owner", "INSERT INTO secrets VALUES (1), (2)",
                "ALTER TABLE secrets OWNER TO ferry_rls_owner",
                "ALTER TABLE secrets ENABLE ROW LEVEL SECURITY", "ALTER TABLE secrets FORCE ROW LEVEL SECURITY",
                "CREATE POLICY hide_all ON secrets USING (false)");
        Plan plan = ferry.planDowngrade("r1");
        try (Connection owner = db.connect()) {
            try (Statement s = owner.createStatement()) {
                s.execute("SET ROLE ferry_rls_owner");
            }
            // As its owner, under the policy, the table looks empty; the guard does not believe it.
            Loss loss = new DataLossGuard(owner).measure(plan).items().get(0);

            assertThat(loss.measure()).isEqualTo(Loss.Measure.UNCOUNTED);
            assertThat(loss.losesData()).isTrue();
            assertThat(loss.describe()).startsWith("table secrets: not counted (").contains("row-level security");
        }
    }

    @Test
    void onlyCountsTheTableWithoutItsChildrenAndWithoutOnlyTheChildrenCount() throws Exception {
        Ferry ferry = project("CREATE TABLE events (id int); CREATE TABLE events_old () INHERITS (events);"
                        + " CREATE TABLE logs (id int); CREATE TABLE logs_old () INHERITS (logs);",
                "TRUNCATE ONLY events;\nDELETE FROM ONLY logs;\nTRUNCATE TABLE events_old;");
        db.execute("INSERT INTO events VALUES (1)", "INSERT INTO events_old VALUES (2), (3)",
                "INSERT INTO logs VALUES (1)", "INSERT INTO logs_old VALUES (2), (3)");

        assertThat(described(ferry.dataLoss(ferry.planDowngrade("r1")))).containsExactly("rows of events: 1 row",
                "rows of logs: 1 row", "rows of events_old: 2 rows");

        Ferry whole = project2("DELETE FROM logs;");
        assertThat(described(whole.dataLoss(whole.planDowngrade("r2")))).containsExactly("rows of logs: 3 rows");
    }

    /** A third revision on top of {@link #project}'s, whose down section is {@code down}. */
    private Ferry project2(String down) throws Exception {
        Project p = new Project(dir);
        p.revision("r3", "r2", "SELECT 1;", down);
        Ferry ferry = p.ferry(db);
        ferry.upgrade("head");
        return ferry;
    }

    @Test
    void aFailedRunRecordsNoDataLoss() throws Exception {
        Ferry ferry = project("ALTER TABLE accounts ADD COLUMN nickname text;",
                "ALTER TABLE accounts DROP COLUMN nickname;\nSELECT 1 / 0;");
        db.execute("INSERT INTO accounts (id, nickname) VALUES (1, 'a')");
        Ferry allowed = new Project(dir).configure(db).allowDataLoss(true).load();

        assertFails(() -> allowed.downgrade("r1"), MigrationErrorCode.MIGRATION_FAILED, "division by zero");

        assertThat(db.column("SELECT count(nickname) FROM accounts")).containsExactly("1");
        assertThat(db.column("SELECT count(*) FROM ferry_history WHERE NOT success")).containsExactly("1");
        assertThat(db.column("SELECT count(*) FROM ferry_history WHERE data_loss IS NOT NULL")).containsExactly("0");
    }

    @Test
    void aCountThatRunsPastItsTimeoutWithAnEstimateOfNothingRefuses() throws Exception {
        Ferry ferry = project("CREATE TABLE audit (id int);", "DROP TABLE audit;");
        db.execute("ANALYZE audit", "INSERT INTO audit VALUES (1)");
        Plan plan = ferry.planDowngrade("r1");
        try (Connection holder = db.connect(); Connection guard = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE audit IN ACCESS EXCLUSIVE MODE");
            }
            Loss loss = new DataLossGuard(guard, Duration.ofMillis(200)).measure(plan).items().get(0);
            holder.rollback();

            // The statistics say 0 rows, the table holds one: an estimate of nothing proves nothing.
            assertThat(loss.measure()).isEqualTo(Loss.Measure.ESTIMATED);
            assertThat(loss.count()).isEqualTo(-1);
            assertThat(loss.losesData()).isTrue();
            assertThat(loss.describe()).isEqualTo("table audit: not counted (too slow, and the planner's estimate is"
                    + " missing or out of date)");
        }
    }

    @Test
    void aRevisionOutsideATransactionThatFailsPartWayRecordsWhatItsStatementsLost() throws Exception {
        Project p = new Project(dir);
        p.revision("r1", "base", "CREATE TABLE accounts (id int PRIMARY KEY, email text, score numeric(6,2));", null);
        p.revision("r2", "r1", "-- ferry:transactional false\n", "ALTER TABLE accounts ADD COLUMN nickname text;",
                "ALTER TABLE accounts DROP COLUMN nickname;\nSELECT 1 / 0;");
        p.ferry(db).upgrade("head");
        db.execute("INSERT INTO accounts (id, nickname) VALUES (1, 'a')");
        Ferry allowed = new Project(dir).configure(db).allowDataLoss(true).load();

        assertFails(() -> allowed.downgrade("r1"), MigrationErrorCode.MIGRATION_FAILED, "division by zero");

        // The column is gone for good: the failed row says what went with it.
        assertThat(db.column("SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"))
                .containsExactly("0");
        assertThat(db.column("SELECT data_loss FROM ferry_history WHERE NOT success"))
                .containsExactly("partly run (1 of 2 statements): column accounts.nickname: 1 value");
    }

    @Test
    void aConnectionInsideATransactionIsRefusedAndItsTransactionLeftAlone() throws Exception {
        Ferry ferry = project("CREATE TABLE audit (id int);", "DROP TABLE audit;");
        Plan plan = ferry.planDowngrade("r1");
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO audit VALUES (1)");
            }

            assertThatThrownBy(() -> new DataLossGuard(c).measure(plan))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("auto-commit");
            c.commit();
        }
        assertThat(db.column("SELECT count(*) FROM audit")).containsExactly("1");
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
