package io.ferry.compat.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.source.flyway.FlywayMigration;
import io.ferry.migration.source.flyway.FlywayProject;
import io.ferry.migration.source.flyway.FlywaySource;
import io.ferry.migration.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** For a corpus of awkward files, Ferry computes the checksums Flyway 13 itself records. */
class FlywayChecksumCompatTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void checksumsEqualFlywaysForTrickyFiles(@TempDir Path dir) throws Exception {
        write(dir, "V1__lf.sql", "CREATE TABLE lf (id int);\nINSERT INTO lf VALUES (1);\n");
        write(dir, "V2__crlf.sql", "CREATE TABLE crlf (id int);\r\nINSERT INTO crlf VALUES (1);\r\n");
        write(dir, "V3__cr_only.sql", "CREATE TABLE cr (id int);\rINSERT INTO cr VALUES (1);\r");
        write(dir, "V4__bom.sql", "\uFEFFCREATE TABLE bom (id int);\n");
        write(dir, "V5__no_final_newline.sql", "CREATE TABLE nonl (id int);");
        write(dir, "V6__blank_lines.sql", "\n\nCREATE TABLE blank (id int);\n\n\n   \n");
        write(dir, "V7__non_ascii.sql", "-- café, naïve, 日本語, ☕\nCREATE TABLE accents (name text DEFAULT 'Zürich');\n");
        StringBuilder big = new StringBuilder();
        int i = 0;
        while (big.length() < 1_048_576) {
            big.append("INSERT INTO lf VALUES (").append(i++).append("); -- padding to make a large file\n");
        }
        write(dir, "V8__one_megabyte.sql", big.toString());
        write(dir, "V9_1__dotted_version.sql", "SELECT 1;\n");
        write(dir, "R__view_with_placeholders.sql",
                "CREATE OR REPLACE VIEW ${prefix}_view AS SELECT '${flyway:defaultSchema}' AS s, id FROM lf;\n");

        Map<String, String> placeholders = Map.of("prefix", "app");
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("filesystem:" + dir)
                .placeholders(placeholders).load().migrate();
        Map<String, Integer> flyway = new HashMap<>();
        for (List<String> row : db.query("SELECT script, checksum FROM flyway_schema_history WHERE checksum IS NOT NULL")) {
            flyway.put(row.get(0), Integer.parseInt(row.get(1)));
        }
        assertThat(flyway).hasSize(10);

        Map<String, String> values = new HashMap<>(FlywaySource.defaults("public", db.user(), db.name()));
        values.putAll(placeholders);
        FlywayProject project = new FlywaySource(dir, values, false).read();
        Map<String, Integer> ferry = new HashMap<>();
        Stream.concat(project.versioned().stream(), project.repeatables().stream())
                .forEach((FlywayMigration m) -> ferry.put(m.script(), m.checksum()));

        assertThat(ferry).isEqualTo(flyway);
    }

    private static void write(Path dir, String name, String text) throws Exception {
        Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }
}
