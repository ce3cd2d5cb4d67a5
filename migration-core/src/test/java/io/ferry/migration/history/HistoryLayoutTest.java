package io.ferry.migration.history;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** History tables written by an older Ferry are brought up to date in place, keeping every row. */
class HistoryLayoutTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeEach
    void clean() throws Exception {
        db.reset();
    }

    @Test
    void layoutOneIsUpgradedInPlace(@TempDir Path dir) throws Exception {
        HistoryStore store = new HistoryStore("public");
        try (Connection c = db.connect()) {
            store.ensure(c, 1);
            assertThat(store.installedLayout(c)).isEqualTo(1);
        }
        db.execute("INSERT INTO ferry_version VALUES ('h1')",
                "INSERT INTO ferry_history (revision, action, checksum, started_at, duration_ms, success)"
                        + " VALUES ('h1', 'upgrade', 'old-sum', now(), 5, true)");
        Project p = new Project(dir);
        p.revision("h1", "base", "CREATE TABLE h (id int);", null);
        p.revision("h2", "h1", "ALTER TABLE h ADD COLUMN note text;", null);
        Ferry ferry = p.ferry(db);
        // The old row's checksum differs from the file: validation reads the old layout fine.
        assertThat(ferry.validate().mismatches()).extracting(m -> m.recorded()).containsExactly("old-sum");
        db.execute("UPDATE ferry_history SET checksum = '" + ferry.graph().get("h1").checksum() + "'");
        db.execute("CREATE TABLE h (id int)");

        ferry.upgrade("head");

        try (Connection c = db.connect()) {
            assertThat(store.installedLayout(c)).isEqualTo(HistoryStore.LAYOUT_VERSION);
        }
        assertThat(ferry.history()).extracting(HistoryEntry::revision).containsExactly("h1", "h2");
        assertThat(ferry.history().get(0).durationMs()).isEqualTo(5);
        assertThat(ferry.history().get(1).ferryRelease()).isPresent();
        assertThat(ferry.current()).containsExactly("h2");
    }

    @Test
    void layoutThreeLearnsToLogTheHeadsAStampRemoves(@TempDir Path dir) throws Exception {
        HistoryStore store = new HistoryStore("public");
        try (Connection c = db.connect()) {
            store.ensure(c, 3);
        }
        // As a Ferry of layout 3 left it, whose CHECK knows no unstamp.
        db.execute("INSERT INTO ferry_version VALUES ('u1')",
                "INSERT INTO ferry_history (revision, action, checksum, started_at, duration_ms, success)"
                        + " VALUES ('u1', 'upgrade', 'sum', now(), 5, true)");
        Project p = new Project(dir);
        p.revision("u1", "base", "CREATE TABLE h (id int);", null);
        Ferry ferry = p.ferry(db);

        ferry.stamp(List.of("base"), false);

        try (Connection c = db.connect()) {
            assertThat(store.installedLayout(c)).isEqualTo(HistoryStore.LAYOUT_VERSION);
        }
        assertThat(ferry.history()).extracting(HistoryEntry::action).containsExactly(Action.UPGRADE, Action.UNSTAMP);
        assertThatThrownBy(() -> db.execute("INSERT INTO ferry_history (revision, action, started_at, duration_ms,"
                + " success) VALUES ('u1', 'erase', now(), 0, true)")).hasMessageContaining("ferry_history_action_check");
    }

    @Test
    void aLayoutFourTableGainsTheDataLossColumnInPlaceAndKeepsItsNumberForOlderReleases(@TempDir Path dir)
            throws Exception {
        HistoryStore store = new HistoryStore("public");
        try (Connection c = db.connect()) {
            store.ensure(c, 4);
        }
        // As a Ferry of layout 4 from before data_loss left it.
        db.execute("ALTER TABLE ferry_history DROP COLUMN data_loss");
        db.execute("CREATE TABLE h (id int, note text)", "INSERT INTO h VALUES (1, 'kept until now')",
                "INSERT INTO ferry_version VALUES ('l1')");
        Project p = new Project(dir);
        p.revision("l1", "base", "CREATE TABLE h (id int, note text);", null);
        p.revision("l2", "l1", "ALTER TABLE h DROP COLUMN note;", null);
        db.execute("INSERT INTO ferry_history (revision, action, checksum, started_at, duration_ms, success)"
                + " VALUES ('l1', 'upgrade', '" + p.ferry(db).graph().get("l1").checksum() + "', now(), 5, true)");
        assertThat(p.ferry(db).history().get(0).dataLoss()).isEmpty();

        p.configure(db).allowDataLoss(true).load().upgrade("head");

        try (Connection c = db.connect()) {
            assertThat(store.installedLayout(c)).as("the number an older Ferry of layout 4 reads").isEqualTo(4);
        }
        // That older Ferry names its columns: its rows still go in, without a data_loss.
        db.execute("INSERT INTO ferry_history (revision, action, checksum, started_at, duration_ms, success,"
                + " statements_done, statements_total, ferry_release, statements_hash)"
                + " VALUES ('l1', 'stamp', 'x', now(), 0, true, NULL, NULL, 'older', NULL)");
        assertThat(p.ferry(db).history()).extracting(HistoryEntry::revision, e -> e.dataLoss().orElse(null))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("l1", null),
                        org.assertj.core.groups.Tuple.tuple("l2", "column h.note: 1 value"),
                        org.assertj.core.groups.Tuple.tuple("l1", null));
    }

    @Test
    void aLayoutFromANewerFerryIsLeftAlone(@TempDir Path dir) throws Exception {
        try (Connection c = db.connect()) {
            new HistoryStore("public").ensure(c);
        }
        db.execute("COMMENT ON TABLE ferry_history IS 'ferry history layout 99: from the future'");
        Project p = new Project(dir);
        p.revision("n1", "base", "CREATE TABLE h (id int);", null);
        assertFails(() -> p.ferry(db).upgrade("head"), MigrationErrorCode.HISTORY_TOO_NEW, "layout 99", "newer Ferry");
        assertFails(() -> p.ferry(db).upgradeSql("head"), MigrationErrorCode.HISTORY_TOO_NEW, "layout 99",
                "newer Ferry");
        assertThat(db.column("SELECT to_regclass('h') IS NULL")).containsExactly("t");
    }

    @Test
    void aNewerLayoutThatThisFerryMayStillWriteIsUsedAsItIs(@TempDir Path dir) throws Exception {
        int newer = HistoryStore.LAYOUT_VERSION + 1;
        try (Connection c = db.connect()) {
            new HistoryStore("public").ensure(c);
        }
        String comment = "ferry history layout " + newer + " (written also by Ferry of layout "
                + HistoryStore.LAYOUT_VERSION + " and later): from the future, adding a nullable column";
        db.execute("COMMENT ON TABLE ferry_history IS '" + comment + "'");
        Project p = new Project(dir);
        p.revision("w1", "base", "CREATE TABLE h (id int);", null);

        p.ferry(db).upgrade("head");

        assertThat(p.ferry(db).history()).extracting(HistoryEntry::revision).containsExactly("w1");
        assertThat(db.column("SELECT obj_description('ferry_history'::regclass, 'pg_class')")).containsExactly(comment);
    }

    @Test
    void aSchemaOfItsOwnIsCreatedWhenMissing(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("s1", "base", "CREATE TABLE h (id int);", null);
        p.configure(db).schema("ferry_meta").load().upgrade("head");
        assertThat(db.column("SELECT version_num FROM ferry_meta.ferry_version")).containsExactly("s1");
        assertThat(db.column("SELECT to_regclass('public.ferry_version') IS NULL")).containsExactly("t");
    }
}
