package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.Await;
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
        new Project(cwd.resolve("migrations")).revision("0d0000000001", "base", "CREATE TABLE kept (id int); CREATE TABLE gates (name text);", null);
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
        Await.until("the killed server " + pid + " is gone", () -> !alive(pid));
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

        // Each command waits, inside the database, until the test creates its table: so the first one
        // surely starts the server, the second surely finds it, and the first surely ends first.
        Running first = new Running(gated("go_first"));
        long pid = waitForRunningServer();
        Running second = new Running(gated("go_second"));
        try (Connection c = DriverManager.getConnection(status().get("url").asText(), "postgres", null)) {
            Await.until("both commands wait at their gates", () -> gatedSessions(c) == 2);
            open(c, "go_first");
            Cli.Result a = first.await();
            assertThat(a.exit()).as(a.toString()).isZero();
            assertThat(a.err()).contains("started for this command");
            assertThat(alive(pid)).as("the first command leaves the server to the second, still using it").isTrue();
            open(c, "go_second");
        }
        Cli.Result b = second.await();
        assertThat(b.exit()).as(b.toString()).isZero();
        assertThat(b.err()).contains("running (pid " + pid);
        assertThat(alive(pid)).as("the last command using it stopped it").isFalse();
    }

    @Test
    void dbStartKeepsAServerThatACommandStartedForItself() throws Exception {
        run(0, "upgrade");
        Running command = new Running(gated("go"));
        long pid = waitForRunningServer();
        Cli.Result start = run(0, "db", "start", "--json");
        assertThat(JSON.readTree(start.out()).get("startedNow").asBoolean()).isFalse();
        try (Connection c = DriverManager.getConnection(status().get("url").asText(), "postgres", null)) {
            open(c, "go");
        }
        assertThat(command.await().exit()).isZero();
        JsonNode kept = status();
        assertThat(kept.get("pid").asLong()).isEqualTo(pid);
        assertThat(kept.get("kept").asBoolean()).isTrue();
    }

    /**
     * A ferry sql command that waits inside the database until the test opens its gate (a row in table
     * gates; each query of the loop sees rows committed since, at read committed).
     */
    private String[] gated(String gate) {
        return new String[] {"sql", "-c", "DO $$ BEGIN WHILE NOT EXISTS (SELECT FROM gates WHERE name = '" + gate
                + "') LOOP PERFORM pg_sleep(0.05); END LOOP; END $$"};
    }

    private static void open(Connection c, String gate) throws Exception {
        c.createStatement().execute("INSERT INTO gates VALUES ('" + gate + "')");
    }

    private static long gatedSessions(Connection c) throws Exception {
        try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity"
                + " WHERE query LIKE 'DO $$ BEGIN WHILE NOT EXISTS (SELECT FROM gates%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A command run on a thread of its own. */
    private final class Running {
        private final Thread thread;
        private volatile Cli.Result result;

        Running(String... args) {
            thread = new Thread(() -> result = cli.run(args));
            thread.start();
        }

        Cli.Result await() throws InterruptedException {
            thread.join();
            return result;
        }
    }

    private long waitForRunningServer() throws Exception {
        Cli.Result[] running = new Cli.Result[1];
        Await.until("a server runs on .ferry/pg", () -> (running[0] = cli.run("db", "status", "--json")).exit() == 0);
        return JSON.readTree(running[0].out()).get("pid").asLong();
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
