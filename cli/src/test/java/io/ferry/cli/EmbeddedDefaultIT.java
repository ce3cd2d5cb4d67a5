package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Where the database comes from: flags, environment, ferry.yaml, and the embedded default. */
class EmbeddedDefaultIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void withoutAnyUrlTheEmbeddedServerIsUsedAndKeepsItsData(@TempDir Path cwd) {
        Project p = new Project(cwd.resolve("migrations"));
        p.revision("e0000000001", "base", "CREATE TABLE embedded_works (id int);", null);
        Cli cli = new Cli(cwd);

        Cli.Result first = cli.run("upgrade");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.errLines().get(0)).contains("no database given", "--url", "FERRY_URL", ".ferry/pg");
        assertThat(first.out()).contains("upgraded 1 revision");
        assertThat(cwd.resolve(".ferry/pg/PG_VERSION")).exists();

        Cli.Result second = cli.run("upgrade");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out()).contains("nothing to do", "already at e0000000001");
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheProjectFile(@TempDir Path cwd) throws Exception {
        Project p = new Project(cwd.resolve("db"));
        p.revision("f0000000001", "base", "SELECT 1;", null);
        String closed = "jdbc:postgresql://127.0.0.1:1/nothing";
        Files.writeString(cwd.resolve("ferry.yaml"), "url: " + db.url() + "\nuser: " + db.user() + "\ndirs: [db]\n"
                + "schema: from_yaml\n");
        Cli cli = new Cli(cwd);
        assertThat(cli.run("upgrade").exit()).as("the project file alone works").isZero();
        assertThat(db.column("SELECT version_num FROM from_yaml.ferry_version")).containsExactly("f0000000001");

        cli.env("DATABASE_URL", closed);
        assertThat(cli.run("current").exit()).as("DATABASE_URL beats ferry.yaml").isEqualTo(3);
        cli.env("FERRY_URL", db.url());
        assertThat(cli.run("current").exit()).as("FERRY_URL beats DATABASE_URL").isZero();
        cli.env("FERRY_URL", closed).env("DATABASE_URL", null);
        Cli.Result flag = cli.run("current", "--url", db.url(), "--json");
        assertThat(flag.exit()).as("--url beats FERRY_URL").isZero();
        assertThat(flag.out().strip()).isEqualTo("{\"heads\":[\"f0000000001\"]}");
    }

    @Test
    void theCommandLineOpensNoHttpServer(@TempDir Path cwd) throws Exception {
        try (Stream<Path> jars = Files.list(Path.of("target", "quarkus-app", "lib", "main"))) {
            assertThat(jars.map(j -> j.getFileName().toString())).noneMatch(n -> n.contains("vertx-http"))
                    .noneMatch(n -> n.contains("quarkus-rest"));
        }
        ServerSocket busy = null;
        try {
            busy = new ServerSocket(8080);
        } catch (java.io.IOException alreadyTaken) {
            // someone else holds 8080: ferry must run all the same
        }
        try {
            Cli.Result r = new Cli(cwd).run("heads", "--dir", cwd.toString());
            assertThat(r.exit()).as(r.toString()).isZero();
        } finally {
            if (busy != null) {
                busy.close();
            }
        }
    }
}
