package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.SmallDisk;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A disk that fills up for real under a revision's table: disk-full, and nothing of the revision stays. */
class DiskFullTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void aRevisionThatFillsTheDiskIsRolledBackAndSaysSo(@TempDir Path dir) throws Exception {
        try (SmallDisk disk = SmallDisk.mount(2)) {
            try {
                String tablespace = disk.createTablespace(db);
                Project p = new Project(dir);
                p.revision("full1", "base", "CREATE TABLE filler (id int, t text) TABLESPACE " + tablespace + ";\n"
                        + "INSERT INTO filler SELECT g, md5(g::text) FROM generate_series(1, 1000000) g;", null);
                Ferry ferry = p.ferry(db);

                FerryException e = assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.DISK_FULL, "full1",
                        "the database server ran out of disk space", "No space left on device", "53100");
                assertThat(e.hint()).contains("nothing of this revision was applied", "free space");
                assertThat(db.column("SELECT to_regclass('filler') IS NULL")).containsExactly("t");
                assertThat(ferry.history()).singleElement().satisfies(h -> {
                    assertThat(h.success()).isFalse();
                    assertThat(h.error()).hasValueSatisfying(error -> assertThat(error).contains("53100"));
                });
            } finally {
                // Whatever happened above: a tablespace is the whole server's, and must not outlive its disk.
                db.execute("DROP TABLE IF EXISTS filler");
                disk.dropTablespace(db);
            }
        }
    }
}
