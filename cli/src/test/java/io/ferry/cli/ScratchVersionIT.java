package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.PostgresServer;
import io.ferry.migration.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scratch databases on a server of another major version than the database's ({@code --dev-url} naming
 * a PostgreSQL 15, the build's copy of its binaries, while the tests' database is on PostgreSQL 17): the
 * commands that compare a schema read on each say so, since the two servers may deparse the same
 * definition differently.
 */
class ScratchVersionIT {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "proposals").toAbsolutePath().normalize();

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @RegisterExtension
    final ScratchServer scratch = new ScratchServer(db);

    private static PostgresServer other;

    @TempDir
    Path cwd;

    @BeforeAll
    static void startTheOtherServer() {
        other = PostgresServer.startEmbedded(Path.of("target", "postgres-binaries", "postgres-15-binaries.jar"));
    }

    @AfterAll
    static void stopTheOtherServer() throws IOException {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void driftAndSchemaDiffWarnWhenTheScratchServerIsOfAnotherMajorVersion() throws Exception {
        int production = major(db.connect());
        int otherMajor = major(other.connectAdmin());
        assertThat(otherMajor).as("the build's copy of the binaries").isEqualTo(15);
        String devUrl = "postgres://" + other.user() + "@" + other.host() + ":" + other.port() + "/postgres";
        String config = EXAMPLE.resolve("ferry.yaml").toString();
        Cli cli = Cli.against(db, cwd);
        assertThat(cli.run("upgrade", "heads", "--config", config).exit()).isZero();

        Cli.Result drift = cli.run("drift", "--config", config, "--dev-url", devUrl);
        Cli.Result diff = cli.run("schema", "diff", "--config", config, "--dev-url", devUrl, scratch.url(db.name()),
                "migrations@head");

        assertThat(drift.exit()).as(drift.toString()).isLessThanOrEqualTo(1);
        assertThat(diff.exit()).as(diff.toString()).isLessThanOrEqualTo(1);
        String advice = ": definitions may read differently; give --dev-url a server of the same major version as"
                + " production";
        if (production != otherMajor) {
            assertThat(drift.errLines()).contains("ferry: warning: the database was read on PostgreSQL " + production
                    + " and the scratch database on PostgreSQL " + otherMajor + advice);
            assertThat(diff.errLines()).contains("ferry: warning: FROM was read on PostgreSQL " + production
                    + " and TO on PostgreSQL " + otherMajor + advice);
        } else {
            // FERRY_TEST_URL names a PostgreSQL 15: the same major version on both sides, and no warning.
            assertThat(drift.err()).doesNotContain("ferry: warning:");
            assertThat(diff.err()).doesNotContain("ferry: warning:");
        }

        Cli.Result same = cli.run("drift", "--config", config, "--dev-url", scratch.devUrl());
        assertThat(same.exit()).as(same.toString()).isZero();
        assertThat(same.err()).as("the same server on both sides").doesNotContain("ferry: warning:");
    }

    private static int major(Connection c) throws SQLException {
        try (c) {
            return c.getMetaData().getDatabaseMajorVersion();
        }
    }
}
