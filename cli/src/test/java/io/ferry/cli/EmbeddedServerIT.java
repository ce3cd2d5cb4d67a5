package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry db start | status | stop}: the embedded server stays up between commands, which connect to
 * it, and a server that was killed or a pid file left by a reboot is recognised and replaced.
 */
class EmbeddedServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path cwd;

    private Cli cli;

    @BeforeEach
    void project() {
        new Project(cwd.resolve("migrations")).revision("0d0000000001", "base", "CREATE TABLE kept (id int);", null);
        cli = new Cli(cwd);
    }

    @AfterEach
    void stopWhatIsLeft() {
        cli.run("db", "stop");
    }

    private Cli.Result run(int exit, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        return r;
    }

    private JsonNode status() throws Exception {
        return JSON.readTree(run(0, "db", "status", "--json").out());
    }

    @Test
    void startLeavesTheServerUpCommandsUseItAndStopStopsIt() throws Exception {
        JsonNode stopped = JSON.readTree(run(1, "db", "status", "--json").out());
        assertThat(stopped.get("running").asBoolean()).isFalse();

        Cli.Result start = run(0, "db", "start");
        assertThat(start.out()).contains("started", "port");
        JsonNode server = status();
        long pid = server.get("pid").asLong();
        int port = server.get("port").asInt();
        assertThat(server.get("dataDir").asText()).isEqualTo(cwd.resolve(".ferry/pg").toRealPath().toString());
        assertThat(alive(pid)).as("the server outlives 'ferry db start'").isTrue();
        assertThat(server.get("kept").asBoolean()).isTrue();
        assertThat(cwd.resolve(".ferry/pg.log")).exists();

        Cli.Result up = run(0, "upgrade");
        assertThat(up.err()).contains("running (pid " + pid + ", port " + port + ")");
        Cli.Result current = run(0, "current", "--json");
        assertThat(current.out().strip()).isEqualTo("{\"heads\":[\"0d0000000001\"]}");
        assertThat(status().get("pid").asLong()).as("commands neither stop nor restart it").isEqualTo(pid);
        try (Connection c = DriverManager.getConnection(server.get("url").asText(), "postgres", null)) {
            assertThat(c.isValid(2)).as("other clients can use the url status prints").isTrue();
        }

        Cli.Result again = run(0, "db", "start");
        assertThat(again.out()).contains("already running", "pid " + pid);

        assertThat(run(0, "db", "stop").out()).contains("stopped", Long.toString(pid));
        assertThat(alive(pid)).isFalse();
        assertThat(run(1, "db", "status").out()).contains("not running");
        assertThat(run(0, "db", "stop").out()).contains("not running");

        // Without a running server a command starts one for itself, and stops it at its end.
        Cli.Result alone = run(0, "current", "--json");
        assertThat(alone.err()).contains("started for this command");
        assertThat(alone.out().strip()).isEqualTo("{\"heads\":[\"0d0000000001\"]}");
        assertThat(run(1, "db", "status").out()).contains("not running");
    }

    @Test
    void aKilledServerIsRecognisedAndReplaced() throws Exception {
        run(0, "db", "start");
        long pid = status().get("pid").asLong();
        run(0, "upgrade");
        assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor()).isZero();
        while (alive(pid)) {
            Thread.onSpinWait();
        }
        assertThat(cwd.resolve(".ferry/pg/postmaster.pid")).as("a SIGKILL leaves the pid file").exists();

        Cli.Result status = run(1, "db", "status");
        assertThat(status.out()).contains("not running", "process " + pid, "is not running");
        assertThat(cwd.resolve(".ferry/pg/postmaster.pid")).as("status changes nothing").exists();

        Cli.Result current = run(0, "current", "--json");
        assertThat(current.out().strip()).as("the data survived").isEqualTo("{\"heads\":[\"0d0000000001\"]}");

        run(0, "db", "start");
        assertThat(status().get("pid").asLong()).isNotEqualTo(pid);
    }

    @Test
    void aPidFileWhosePidBelongsToAnotherProgramIsStale() throws Exception {
        run(0, "db", "start");
        run(0, "db", "stop");
        // As after a reboot: the pid file names a live process that is not PostgreSQL (this test's JVM).
        long other = ProcessHandle.current().pid();
        Files.write(cwd.resolve(".ferry/pg/postmaster.pid"), List.of(Long.toString(other),
                cwd.resolve(".ferry/pg").toString(), "1700000000", "5999", "/tmp", "localhost",
                "  1234         5", "ready   "));

        Cli.Result status = run(1, "db", "status");
        assertThat(status.out()).contains("process " + other, "not PostgreSQL");
        Cli.Result current = run(0, "current", "--json");
        assertThat(current.out().strip()).isEqualTo("{\"heads\":[]}");
        assertThat(current.err()).contains("started for this command");
    }

    @Test
    void aServerStartedForOneCommandServesAnotherAndStopsWithTheLastOfThem() throws Exception {
        run(0, "upgrade");
        assertThat(run(1, "db", "status").out()).as("upgrade stopped the server it started").contains("not running");

        Cli.Result[] first = new Cli.Result[1];
        Thread a = new Thread(() -> first[0] = cli.run("sql", "-c", "SELECT pg_sleep(2)"));
        a.start();
        long pid = waitForRunningServer();
        // This command finds the first one's server, and is still using it when the first one ends.
        Cli.Result second = cli.run("sql", "-c", "SELECT pg_sleep(4), count(*) FROM kept");
        a.join();
        assertThat(first[0].exit()).as(first[0].toString()).isZero();
        assertThat(first[0].err()).contains("started for this command");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.err()).contains("running (pid " + pid);
        assertThat(second.out()).contains("\t0");
        assertThat(alive(pid)).as("the last command using it stopped it").isFalse();
    }

    @Test
    void dbStartKeepsAServerThatACommandStartedForItself() throws Exception {
        Thread a = new Thread(() -> cli.run("sql", "-c", "SELECT pg_sleep(2)"));
        a.start();
        long pid = waitForRunningServer();
        Cli.Result start = run(0, "db", "start", "--json");
        assertThat(JSON.readTree(start.out()).get("startedNow").asBoolean()).isFalse();
        a.join();
        JsonNode kept = status();
        assertThat(kept.get("pid").asLong()).isEqualTo(pid);
        assertThat(kept.get("kept").asBoolean()).isTrue();
    }

    private long waitForRunningServer() throws Exception {
        for (int i = 0; i < 1200; i++) {
            Cli.Result r = cli.run("db", "status", "--json");
            if (r.exit() == 0) {
                return JSON.readTree(r.out()).get("pid").asLong();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no server came up");
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (Exception e) {
            return false;
        }
    }
}
