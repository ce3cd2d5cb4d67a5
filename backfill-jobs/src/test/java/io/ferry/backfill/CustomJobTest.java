package io.ferry.backfill;

import static io.ferry.backfill.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A job type from the class path, found through ServiceLoader: the example of docs/backfills.md. */
class CustomJobTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void theGuideShowsThisExampleAsItIs() throws Exception {
        String source = java.nio.file.Files.readString(java.nio.file.Path.of(
                "src/test/java/io/ferry/backfill/examples/LowercaseEmails.java"));
        String guide = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/backfills.md"));
        assertThat(guide).contains(source.substring(source.indexOf("public final class LowercaseEmails")));
    }

    @Test
    void aServiceLoadedTypeRunsLikeTheBuiltInOnes() throws Exception {
        db.execute("CREATE TABLE users (id int PRIMARY KEY, email text)",
                "INSERT INTO users SELECT i, CASE i % 3 WHEN 0 THEN ' User' || i || '@Example.COM' WHEN 1 THEN"
                        + " 'user' || i || '@example.com' END FROM generate_series(1, 3000) AS i");
        Backfills backfills = Backfills.configure().dataSource(db.dataSource())
                .job(job("emails", "lowercase-emails", Map.of("table", "users", "key", "id", "column", "email")))
                .load();
        assertThat(backfills.types()).contains("hash", "json-normalize", "lowercase-emails", "orphan-cleanup", "seed");

        RunResult dry = backfills.run("emails", RunSettings.defaults().dryRun(true), new RunControl());
        RunResult real = backfills.run("emails", RunSettings.defaults(), new RunControl());

        assertThat(dry.rowsChanged()).isEqualTo(1000);
        assertThat(dry.samples().get(0).before()).containsEntry("email", " User3@Example.COM");
        assertThat(dry.samples().get(0).after()).containsEntry("email", "user3@example.com");
        assertThat(real.rowsChanged()).isEqualTo(1000);
        assertThat(db.column("SELECT count(*) FROM users WHERE email <> lower(btrim(email))")).containsExactly("0");
        assertThat(db.column("SELECT count(*) FROM users WHERE email IS NULL")).containsExactly("1000");
        assertThat(List.of(backfills.run("emails", RunSettings.defaults(), new RunControl()).rowsChanged()))
                .containsExactly(0L);
    }
}
