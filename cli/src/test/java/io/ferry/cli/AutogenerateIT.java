package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry revision --autogenerate} through {@code ./ferry}, on a copy of the example project whose
 * {@code ferry.yaml} names a desired-schema folder, with scratch databases on the test server
 * ({@code --dev-url}): the revision it writes takes the database to exactly the desired schema and back.
 */
class AutogenerateIT {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "proposals").toAbsolutePath().normalize();

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @RegisterExtension
    final ScratchServer scratch = new ScratchServer(db);

    @TempDir
    Path cwd;

    private Cli cli;

    @BeforeEach
    void copyTheExample() throws Exception {
        db.reset();
        // As in a new database: reset() creates public again, without the comment template1 gives it.
        db.execute("COMMENT ON SCHEMA public IS 'standard public schema'");
        copy(EXAMPLE, cwd);
        Files.writeString(cwd.resolve("ferry.yaml"), Files.readString(cwd.resolve("ferry.yaml"))
                + "\ndesired-schema: schema\n");
        Files.createDirectories(cwd.resolve("schema"));
        cli = Cli.against(db, cwd).env("FERRY_DEV_URL", scratch.devUrl());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private Cli.Result run(int exit, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        return r;
    }

    /** The example's schema at head, as SQL: the up sections of its migrations, in order. */
    private String exampleSchema() throws IOException {
        try (Stream<Path> files = Files.list(cwd.resolve("migrations"))) {
            return files.sorted().map(f -> {
                try {
                    String text = Files.readString(f);
                    return text.substring(text.indexOf("-- ferry:up") + "-- ferry:up".length(),
                            text.indexOf("-- ferry:down"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
    }

    private void desire(String sql) throws IOException {
        Files.writeString(cwd.resolve("schema").resolve("schema.sql"), sql);
    }

    private List<Path> migrations() throws IOException {
        try (Stream<Path> files = Files.list(cwd.resolve("migrations"))) {
            return files.sorted().toList();
        }
    }

    /** The must-show line. */
    @Test
    void theRevisionUpgradesToExactlyTheDesiredSchemaAndDowngradesBack() throws Exception {
        String example = exampleSchema();
        // The example has no enum: a first revision creates one, so that the second can add a value to it.
        desire(example + "\nCREATE TYPE document_status AS ENUM ('draft', 'published');\n");
        Path first = Path.of(run(0, "revision", "--autogenerate", "-m", "document status").out().strip());
        assertThat(Files.readString(cwd.resolve(first))).contains("CREATE TYPE \"public\".\"document_status\"");
        run(0, "upgrade");
        Path before = cwd.resolve("before.json");
        Files.writeString(before, run(0, "schema", "dump", "--json").out());

        String desired = example + """

                CREATE TYPE document_status AS ENUM ('draft', 'published', 'archived');
                CREATE TABLE reviewers (
                    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    name text NOT NULL
                );
                ALTER TABLE documents ADD COLUMN status document_status NOT NULL DEFAULT 'draft';
                ALTER TABLE sources ADD CONSTRAINT sources_name_not_blank CHECK (name <> '');
                CREATE INDEX documents_title_idx ON documents (title);
                """;
        desire(desired);
        Path second = Path.of(run(0, "revision", "--autogenerate", "-m", "reviews").out().strip());
        String text = Files.readString(cwd.resolve(second));
        assertThat(text).contains("-- ferry:transactional false", "ADD VALUE 'archived'",
                "CREATE TABLE \"public\".\"reviewers\"", "DEFAULT 'draft'", "sources_name_not_blank",
                "documents_title_idx");
        assertThat(text.substring(text.indexOf("-- ferry:up"), text.indexOf("-- ferry:down")))
                .as("nothing the up section does loses data").doesNotContain("\n-- review:");

        // Upgraded: exactly the desired schema, as the same SQL gives it on a fresh database.
        run(0, "upgrade");
        String wanted = db.createDatabase("wanted", null);
        Files.writeString(cwd.resolve("wanted.sql"), desired);
        run(0, "sql", "-f", "wanted.sql", "--url", scratch.url(wanted));
        String live = scratch.url(db.name());
        assertThat(run(0, "schema", "diff", scratch.url(wanted), live).outLines()).containsExactly("no differences");
        assertThat(run(0, "revision", "--autogenerate", "-m", "again").outLines())
                .singleElement().asString().startsWith("no changes detected");

        // Downgraded: back to the schema before it.
        run(0, "downgrade", "-1");
        assertThat(run(0, "schema", "diff", "before.json", live).outLines()).containsExactly("no differences");
        db.dropDatabase(wanted);
    }

    @Test
    void nothingDiffersSoNothingIsWritten() throws Exception {
        desire(exampleSchema());
        List<Path> files = migrations();
        Cli.Result r = run(0, "revision", "--autogenerate", "-m", "nothing");
        assertThat(r.outLines()).containsExactly("no changes detected between the schema at d41c7a9e2b60 and the"
                + " desired schema (schema)");
        assertThat(migrations()).isEqualTo(files);
    }

    @Test
    void aDroppedColumnIsMarkedForReviewAndTheFileSaysRenamesShowAsDropAndAdd() throws Exception {
        desire(exampleSchema() + "\nALTER TABLE documents DROP COLUMN body;\n");
        Cli.Result r = run(0, "revision", "--autogenerate", "-m", "drop body");
        assertThat(r.err()).contains("1 change(s) may lose data");
        List<String> lines = Files.readAllLines(cwd.resolve(r.out().strip()));
        int drop = lines.indexOf("ALTER TABLE \"public\".\"documents\" DROP COLUMN \"body\";");
        assertThat(drop).as(String.join("\n", lines)).isPositive();
        assertThat(lines.get(drop - 1)).startsWith("-- review: may lose data: drops column public.documents.body");
        assertThat(lines).contains("-- " + "autogenerated: renames cannot be told from a drop and an add: a renamed"
                + " table or column shows as dropped and added, losing its data; check each '-- review:' line");
        run(0, "upgrade");
        assertThat(db.column("SELECT column_name FROM information_schema.columns WHERE table_name = 'documents'"))
                .doesNotContain("body");
        run(0, "downgrade", "-1");
        assertThat(db.column("SELECT column_name FROM information_schema.columns WHERE table_name = 'documents'"))
                .contains("body");
    }

    @Test
    void narrowingATypeIsMarkedForReviewAndWideningItBackIsNot() throws Exception {
        desire(exampleSchema() + "\nALTER TABLE documents ALTER COLUMN title TYPE varchar(200);\n");
        Cli.Result r = run(0, "revision", "--autogenerate", "-m", "shorter titles");
        assertThat(r.err()).contains("1 change(s) may lose data");
        List<String> lines = Files.readAllLines(cwd.resolve(r.out().strip()));
        int down = lines.indexOf("-- ferry:down");
        int narrow = lines.indexOf("ALTER TABLE \"public\".\"documents\" ALTER COLUMN \"title\" TYPE"
                + " character varying(200) USING \"title\"::character varying(200);");
        assertThat(narrow).as(String.join("\n", lines)).isPositive().isLessThan(down);
        assertThat(lines.get(narrow - 1)).as(String.join("\n", lines))
                .isEqualTo("-- review: may lose data: column documents.title: type differs");
        assertThat(lines.subList(down, lines.size())).as("widening back to text keeps every value")
                .noneMatch(l -> l.startsWith("-- review:"))
                .anyMatch(l -> l.contains("ALTER COLUMN \"title\" TYPE text"));
        run(0, "upgrade");
        assertThat(db.column("SELECT data_type FROM information_schema.columns WHERE table_name = 'documents'"
                + " AND column_name = 'title'")).containsExactly("character varying");
        run(0, "downgrade", "-1");
        assertThat(db.column("SELECT data_type FROM information_schema.columns WHERE table_name = 'documents'"
                + " AND column_name = 'title'")).containsExactly("text");
    }

    @Test
    void aMissingDesiredSchemaIsAOneLineErrorWithAHint() throws Exception {
        Files.writeString(cwd.resolve("ferry.yaml"), Files.readString(cwd.resolve("ferry.yaml"))
                .replace("desired-schema: schema", "desired-schema: nowhere"));
        Cli.Result missing = run(2, "revision", "--autogenerate", "-m", "x");
        assertThat(missing.errLines().get(0)).startsWith("error[invalid-configuration]: the desired-schema folder")
                .endsWith("does not exist");
        assertThat(missing.errLines().get(1)).startsWith("hint: ");

        Files.writeString(cwd.resolve("ferry.yaml"), Files.readString(cwd.resolve("ferry.yaml"))
                .replace("desired-schema: nowhere", ""));
        Cli.Result none = run(2, "revision", "--autogenerate", "-m", "x");
        assertThat(none.errLines().get(0)).isEqualTo("error[invalid-configuration]: ferry.yaml names no"
                + " desired-schema folder");
        assertThat(none.errLines().get(1)).startsWith("hint: add 'desired-schema: FOLDER' to ferry.yaml");
    }
}
