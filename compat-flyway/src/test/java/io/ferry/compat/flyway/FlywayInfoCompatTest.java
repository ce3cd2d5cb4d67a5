package io.ferry.compat.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.history.flyway.FlywayHistory;
import io.ferry.migration.history.flyway.FlywayInfo;
import io.ferry.migration.source.flyway.FlywaySource;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Ferry reads a table Flyway wrote and shows what Flyway's info shows. */
class FlywayInfoCompatTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void infoMatchesFlywayAcrossStates(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__create.sql"), "CREATE TABLE people (id int, name text);\n");
        Files.writeString(dir.resolve("V2__add_email.sql"), "ALTER TABLE people ADD COLUMN email text;\n");
        Files.writeString(dir.resolve("V3__index.sql"), "CREATE INDEX people_name ON people (name);\n");
        Files.writeString(dir.resolve("R__view.sql"), "CREATE OR REPLACE VIEW names AS SELECT name FROM people;\n");
        Files.writeString(dir.resolve("R__other_view.sql"), "CREATE OR REPLACE VIEW ids AS SELECT id FROM people;\n");
        flyway(dir).migrate();

        // Now: a new version (pending), an older version added late (ignored), an applied file gone
        // (missing), a repeatable changed (outdated, and pending again).
        Files.writeString(dir.resolve("V4__more.sql"), "ALTER TABLE people ADD COLUMN age int;\n");
        Files.writeString(dir.resolve("V2_5__late.sql"), "SELECT 1;\n");
        Files.delete(dir.resolve("V3__index.sql"));
        Files.writeString(dir.resolve("R__view.sql"), "CREATE OR REPLACE VIEW names AS SELECT name, email FROM people;\n");

        List<String> theirs = Arrays.stream(flyway(dir).info().all()).map(FlywayInfoCompatTest::describe).sorted().toList();

        List<FlywayInfo.Entry> entries;
        try (Connection c = db.connect()) {
            entries = FlywayInfo.compute(new FlywaySource(dir, placeholders(), false).read(),
                    new FlywayHistory("public", FlywayHistory.DEFAULT_TABLE).rows(c));
        }
        List<String> ours = entries.stream().map(e -> e.version().orElse("") + " | " + e.description() + " | "
                + e.type() + " | " + e.checksum().map(String::valueOf).orElse("") + " | " + e.state()).sorted().toList();
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours).anyMatch(l -> l.endsWith("Pending")).anyMatch(l -> l.endsWith("Ignored"))
                .anyMatch(l -> l.endsWith("Missing")).anyMatch(l -> l.endsWith("Outdated"))
                .anyMatch(l -> l.endsWith("Success"));
    }

    private static String describe(MigrationInfo info) {
        return (info.getVersion() == null ? "" : info.getVersion().getVersion()) + " | " + info.getDescription()
                + " | " + info.getType() + " | " + (info.getChecksum() == null ? "" : info.getChecksum()) + " | "
                + info.getState().getDisplayName();
    }

    private static Map<String, String> placeholders() {
        return new HashMap<>(FlywaySource.defaults("public", db.user(), db.name()));
    }

    private static Flyway flyway(Path dir) {
        return Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("filesystem:" + dir)
                .ignoreMigrationPatterns("*:missing", "*:ignored", "*:future").load();
    }
}
