package io.ferry.migration.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.history.Action;
import io.ferry.migration.history.HistoryEntry;
import io.ferry.migration.testing.Catalog;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrades and downgrades across a branch and a merge, checking the schema and {@code ferry_version}
 * (which must hold what {@code alembic_version} holds for the same graph) at each point.
 *
 * <pre>
 *             b1 (billing)
 *            /            \
 *   a1 - a2                m1 - m2
 *            \            /
 *             c1 (catalog)
 * </pre>
 */
class BranchAndMergeTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private Ferry ferry;

    @BeforeEach
    void project() throws Exception {
        db.reset();
        Project p = new Project(dir);
        p.revision("a1", "base", "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);",
                "DROP TABLE accounts;");
        p.revision("a2", "a1", "ALTER TABLE accounts ADD COLUMN email text;\nCREATE UNIQUE INDEX accounts_email ON accounts (email);",
                "ALTER TABLE accounts DROP COLUMN email;");
        p.revision("b1", "a2", "-- ferry:branch-labels billing\n",
                "CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts);",
                "DROP TABLE invoices;");
        p.revision("c1", "a2", "-- ferry:branch-labels catalog\n",
                "CREATE TABLE products (id bigint PRIMARY KEY, price numeric NOT NULL);\n"
                        + "CREATE INDEX products_price ON products (price);",
                "DROP TABLE products;");
        p.revision("m1", "b1 c1",
                "CREATE TABLE invoice_lines (invoice_id bigint REFERENCES invoices, product_id bigint REFERENCES products,"
                        + " PRIMARY KEY (invoice_id, product_id));",
                "DROP TABLE invoice_lines;");
        p.revision("m2", "m1", "ALTER TABLE products ADD CONSTRAINT price_not_negative CHECK (price >= 0);",
                "ALTER TABLE products DROP CONSTRAINT price_not_negative;");
        ferry = p.ferry(db);
    }

    private List<String> versionRows() throws Exception {
        return db.column("SELECT version_num FROM ferry_version ORDER BY 1");
    }

    @Test
    void upgradeDowngradeAndUpgradeAgainLeaveTheSameSchema() throws Exception {
        MigrationResult up = ferry.upgrade("head");
        assertThat(up.steps()).extracting(s -> s.revision()).containsExactly("a1", "a2", "b1", "c1", "m1", "m2");
        assertThat(versionRows()).containsExactly("m2");
        assertThat(ferry.current()).containsExactly("m2");
        List<String> atHead = Catalog.snapshot(db);
        assertThat(atHead).anyMatch(line -> line.contains("price_not_negative"))
                .anyMatch(line -> line.contains("invoice_lines"));

        MigrationResult down = ferry.downgrade("base");
        assertThat(down.steps()).extracting(s -> s.revision()).containsExactly("m2", "m1", "c1", "b1", "a2", "a1");
        assertThat(versionRows()).isEmpty();
        assertThat(Catalog.snapshot(db)).isEmpty();

        ferry.upgrade("head");
        assertThat(Catalog.snapshot(db)).isEqualTo(atHead);
        assertThat(versionRows()).containsExactly("m2");

        List<HistoryEntry> history = ferry.history();
        assertThat(history).hasSize(18).allMatch(HistoryEntry::success);
        assertThat(history).filteredOn(h -> h.action() == Action.DOWNGRADE).hasSize(6);
        assertThat(history.get(0).databaseUser()).isEqualTo(db.user());
        assertThat(history.get(0).osUser()).contains(System.getProperty("user.name"));
        assertThat(history.get(0).checksum()).isEqualTo(ferry.graph().get("a1").checksum());
    }

    @Test
    void versionRowsFollowAlembicThroughBranchesAndTheMerge() throws Exception {
        ferry.upgrade("b1");
        assertThat(versionRows()).as("one branch applied").containsExactly("b1");

        ferry.upgrade("catalog@c1");
        assertThat(versionRows()).as("the second branch adds a row").containsExactly("b1", "c1");

        ferry.upgrade("m1");
        assertThat(versionRows()).as("the merge joins the rows").containsExactly("m1");

        ferry.upgrade("head");
        assertThat(versionRows()).as("a linear step updates the row").containsExactly("m2");

        ferry.downgrade("c1");
        assertThat(versionRows()).as("downgrading below the merge splits it again").containsExactly("b1", "c1");

        ferry.downgrade("catalog@a2");
        assertThat(versionRows()).as("removing one branch leaves the other").containsExactly("b1");
        assertThat(db.column("SELECT to_regclass('products') IS NULL")).containsExactly("t");

        ferry.downgrade("a1");
        assertThat(versionRows()).containsExactly("a1");
    }

    @Test
    void upgradingWhenAtHeadDoesNothingAndSaysSo() throws Exception {
        ferry.upgrade("head");
        int rows = ferry.history().size();
        MigrationResult again = ferry.upgrade("head");
        assertThat(again.nothingToDo()).isTrue();
        assertThat(again.steps()).isEmpty();
        assertThat(again.headsAfter()).containsExactly("m2");
        assertThat(ferry.history()).hasSize(rows);
    }

    @Test
    void headsAppliesEveryHead() throws Exception {
        Project p = new Project(dir);
        p.revision("x1", "a2", "SELECT 1;", "SELECT 1;");
        Ferry withTwoHeads = p.ferry(db);
        withTwoHeads.upgrade("heads");
        assertThat(versionRows()).containsExactly("m2", "x1");
    }
}
