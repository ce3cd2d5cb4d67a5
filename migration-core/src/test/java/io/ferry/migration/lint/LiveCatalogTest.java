package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.migration.sql.QualifiedName;
import io.ferry.migration.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LiveCatalogTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);

    @BeforeAll
    static void tables() throws Exception {
        lint.table("plain", 3000, "name text");
        lint.given("CREATE TABLE events (id bigint, at date NOT NULL) PARTITION BY RANGE (at);"
                + " CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"
                + " CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');"
                + " INSERT INTO events SELECT g, DATE '2026-06-01' + (g % 400) FROM generate_series(1, 4000) g;"
                + " ANALYZE events");
    }

    @Test
    void aTablesRowsAndBytesComeFromTheCatalog() throws Exception {
        try (Connection c = db.connect()) {
            TableFacts facts = new LiveCatalog(c).table(QualifiedName.of("plain")).orElseThrow();
            assertThat(facts.rows()).isEqualTo(3000);
            assertThat(facts.bytes()).isEqualTo(scalar(c, "SELECT pg_total_relation_size('plain')"));
            assertThat(facts.describe()).startsWith("plain (3k rows, ");
        }
    }

    @Test
    void aPartitionedTableCountsItsPartitions() throws Exception {
        try (Connection c = db.connect()) {
            TableFacts facts = new LiveCatalog(c).table(QualifiedName.of("events")).orElseThrow();
            assertThat(facts.rows()).isEqualTo(4000);
            assertThat(facts.bytes()).isEqualTo(scalar(c, "SELECT pg_total_relation_size('events_2026')"
                    + " + pg_total_relation_size('events_2027')"));
        }
    }

    @Test
    void aTableLockedByAnotherSessionGetsItsPagesAsBytesInsteadOfWaiting() throws Exception {
        try (Connection holder = db.connect(); Statement s = holder.createStatement(); Connection c = db.connect()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE plain IN ACCESS EXCLUSIVE MODE");
            TableFacts facts = new LiveCatalog(c).table(QualifiedName.of("plain")).orElseThrow();
            holder.rollback();
            assertThat(facts.rows()).isEqualTo(3000);
            long pages = scalar(c, "SELECT (c.relpages + coalesce(t.relpages, 0) + (SELECT sum(i.relpages) FROM pg_index x"
                    + " JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid))"
                    + " * current_setting('block_size')::bigint FROM pg_class c LEFT JOIN pg_class t"
                    + " ON t.oid = c.reltoastrelid WHERE c.oid = 'plain'::regclass");
            assertThat(facts.bytes()).isEqualTo(pages).isPositive();
            assertThat(c.getAutoCommit()).as("the caller's session is left as it was").isTrue();
        }
    }

    @Test
    void aNameThatIsNoTableIsEmpty() throws Exception {
        try (Connection c = db.connect()) {
            assertThat(new LiveCatalog(c).table(QualifiedName.of("missing"))).isEmpty();
        }
    }

    private static long scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aPartitionedTableIsMarkedSo() throws Exception {
        try (Connection c = db.connect()) {
            LiveCatalog catalog = new LiveCatalog(c);
            assertThat(catalog.table(QualifiedName.of("events")).orElseThrow().partitioned()).isTrue();
            assertThat(catalog.table(QualifiedName.of("plain")).orElseThrow().partitioned()).isFalse();
        }
    }

    @Test
    void aConnectionWithAutocommitOffIsRefusedAndItsTransactionLeftAlone() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("CREATE TABLE in_flight (id bigint)");
            assertThatThrownBy(() -> new LiveCatalog(c).table(QualifiedName.of("plain")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("autocommit");
            assertThat(scalar(c, "SELECT count(*) FROM pg_class WHERE relname = 'in_flight'"))
                    .as("the caller's transaction is still open").isEqualTo(1);
            c.rollback();
            assertThat(scalar(c, "SELECT count(*) FROM pg_class WHERE relname = 'in_flight'")).isZero();
        }
    }
}
