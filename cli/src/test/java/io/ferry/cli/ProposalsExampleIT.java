package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The example project as its demo runs it: migrate, generate data, dry-run and run the four backfills. */
class ProposalsExampleIT {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "proposals").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path cwd;

    private Cli.Result ok(Cli cli, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    /** The README's first command, after the build: the demo, on the embedded server, in a copy of the example. */
    @Test
    void theDemoRunsOnTheEmbeddedDatabase(@TempDir Path copy) throws Exception {
        try (var files = java.nio.file.Files.walk(EXAMPLE)) {
            for (Path from : files.filter(f -> !f.toString().contains(".ferry")).toList()) {
                Path to = copy.resolve(EXAMPLE.relativize(from).toString());
                if (java.nio.file.Files.isDirectory(from)) {
                    java.nio.file.Files.createDirectories(to);
                } else {
                    java.nio.file.Files.copy(from, to);
                }
            }
        }
        ProcessBuilder pb = new ProcessBuilder("bash", copy.resolve("demo.sh").toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("FERRY_") || k.equals("DATABASE_URL"));
        pb.environment().put("FERRY", Path.of("..", "ferry").toAbsolutePath().normalize().toString());
        Process p = pb.start();
        var reading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the demo did not end in 300 s");
        }
        String output = reading.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("== ferry db start", "== ferry db stop");
        Cli.Result after = new Cli(copy).run("db", "status");
        assertThat(after.exit()).as("the demo stops the server it started: " + after).isEqualTo(1);
        assertThat(output).contains("using the embedded PostgreSQL",
                "hashes: dry run: would change 50000 of 100000 rows scanned",
                "hashes: succeeded: changed 50000 of 100000 rows scanned",
                "sources: succeeded: changed 7 of 8 rows scanned",
                "cleanup (orphan-cleanup): succeeded");
        assertThat(copy.resolve(".ferry/pg/PG_VERSION")).exists();
    }

    @Test
    void theFourBackfillsDoWhatTheirDryRunsSaid() throws Exception {
        db.reset();
        Cli cli = Cli.against(db, cwd);
        String config = EXAMPLE.resolve("ferry.yaml").toString();
        ok(cli, "upgrade", "--config", config);
        ok(cli, "sql", "-f", EXAMPLE.resolve("generate.sql").toString());
        assertThat(ok(cli, "backfill", "list", "--config", config).outLines())
                .extracting(l -> l.split("\\s+")[0]).containsExactly("hashes", "variants", "sources", "cleanup");

        JsonNode dry = JSON.readTree(ok(cli, "backfill", "run", "all", "--dry-run", "--json", "--config", config).out());
        JsonNode real = JSON.readTree(ok(cli, "backfill", "run", "all", "--json", "--config", config).out());
        JsonNode again = JSON.readTree(ok(cli, "backfill", "run", "all", "--json", "--config", config).out());

        assertThat(real.findValuesAsText("job")).containsExactly("hashes", "variants", "sources", "cleanup");
        for (int i = 0; i < 4; i++) {
            String job = real.get(i).get("job").asText();
            assertThat(real.get(i).get("rowsChanged").asLong()).as(job)
                    .isEqualTo(dry.get(i).get("rowsChanged").asLong()).isPositive();
            assertThat(again.get(i).get("rowsChanged").asLong()).as(job + " again").isZero();
        }
        assertThat(real.get(0).get("rowsChanged").asLong()).isEqualTo(50_000);
        assertThat(real.get(2).get("rowsChanged").asLong()).isEqualTo(7);
        assertThat(db.column("SELECT count(*) FROM sources")).containsExactly("9");
        assertThat(db.column("SELECT count(*) FROM proposal_templates WHERE content_hash IS NULL"
                + " OR jsonb_typeof(variants) IS DISTINCT FROM 'array'")).containsExactly("0");
        assertThat(db.column("SELECT count(*) FROM document_chunks_archive"))
                .containsExactly(real.get(3).get("rowsChanged").asText());
    }
}
