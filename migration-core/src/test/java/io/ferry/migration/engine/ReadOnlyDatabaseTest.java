package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database made read-only refuses a revision's statements and Ferry's own table creation alike; the
 * error says it is the database's setting (not a replica) and how to lift it, and nothing is applied.
 */
class ReadOnlyDatabaseTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @BeforeEach
    void clean() throws Exception {
        db.reset();
    }

    @AfterEach
    void writable() throws Exception {
        db.execute("SET default_transaction_read_only = off",
                "ALTER DATABASE " + db.name() + " RESET default_transaction_read_only");
    }

    private void readOnly() throws Exception {
        db.execute("ALTER DATABASE " + db.name() + " SET default_transaction_read_only = on");
    }

    @Test
    void aRevisionOnAReadOnlyDatabaseNamesTheSettingAndHowToLiftIt() throws Exception {
        Project p = new Project(dir);
        p.revision("ro1", "base", "CREATE TABLE first (id int);", null);
        p.revision("ro2", "ro1", "CREATE TABLE second (id int);", null);
        Ferry ferry = p.ferry(db);
        ferry.upgrade("ro1");
        readOnly();

        FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.READ_ONLY_DATABASE, "ro2",
                "cannot execute CREATE TABLE in a read-only transaction", "25006",
                "database " + db.name() + " is read-only");
        assertThat(e.getMessage()).doesNotContain("replica");
        assertThat(e.hint()).contains("ALTER DATABASE " + db.name() + " SET default_transaction_read_only = off",
                "nothing of this revision was applied");
        assertThat(db.column("SELECT to_regclass('second') IS NULL")).containsExactly("t");
        assertThat(db.column("SELECT version_num FROM ferry_version")).containsExactly("ro1");
    }

    @Test
    void creatingFerrysOwnTablesOnAReadOnlyDatabaseSaysSoToo() throws Exception {
        Project p = new Project(dir);
        p.revision("ro3", "base", "CREATE TABLE first (id int);", null);
        readOnly();

        FerryException e = assertFails(() -> p.ferry(db).upgrade("head"), MigrationErrorCode.READ_ONLY_DATABASE,
                "creating the history tables", "read-only transaction", "database " + db.name() + " is read-only");
        assertThat(e.hint()).contains("ALTER DATABASE " + db.name(), "nothing was changed by this step");
        assertThat(db.column("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'ferry\\_%'")).containsExactly("0");
    }
}
