package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.Project;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --connect-timeout} against a server that accepts connections and never says a word: the command
 * ends (the test's own timeout fails a regression instead of hanging) with exit 3 and an error naming the
 * host, port and limit. How long it took is not asserted: that it ends at all is the point.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectTimeoutIT {

    @TempDir
    static Path cwd;

    private static ServerSocket silent;
    private static final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void silentServer() throws Exception {
        new Project(cwd.resolve("migrations")).revision("base00000000", "base", "CREATE TABLE t (id int);",
                "DROP TABLE t;");
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    accepted.add(silent.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void close() throws IOException {
        silent.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    private static String url(String params) {
        return "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/db" + params;
    }

    private static Cli.Result timesOut(Cli cli, String limit, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        ErrorLines error = r.error().hasCode("connect-timeout");
        assertThat(error.message()).as(r.toString())
                .contains("127.0.0.1:" + silent.getLocalPort(), "connect timeout of " + limit);
        assertThat(error.hint()).as(r.toString()).contains("--connect-timeout");
        assertThat(r.out()).as(r.toString()).isEmpty();
        return r;
    }

    @Test
    void aServerThatNeverAnswersEndsWithExitThree() {
        timesOut(new Cli(cwd), "2s", "status", "--url", url(""), "--connect-timeout", "2s");
    }

    @Test
    void withoutTlsToo() {
        timesOut(new Cli(cwd), "2s", "status", "--url", url("?sslmode=disable"), "--connect-timeout", "2s");
    }

    @Test
    void beforeTheCommandAndFromTheEnvironment() {
        timesOut(new Cli(cwd), "1s", "--connect-timeout", "1s", "current", "--url", url("?sslmode=disable"));
        timesOut(new Cli(cwd).env("FERRY_CONNECT_TIMEOUT", "1s").env("FERRY_URL", url("")), "1s", "status");
    }

    @Test
    void fromFerryYaml() throws Exception {
        Path dir = Files.createTempDirectory(cwd, "yaml");
        Files.writeString(dir.resolve("ferry.yaml"), "dirs: [" + cwd.resolve("migrations") + "]\n"
                + "url: " + url("") + "\nconnect-timeout: 1s\n");
        timesOut(new Cli(dir), "1s", "status");
    }

    @Test
    void aBadValueIsRefused() throws Exception {
        for (String bad : List.of("0s", "abc", "-1s")) {
            Cli.Result r = new Cli(cwd).run("status", "--url", url(""), "--connect-timeout", bad);
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.error().message()).as(r.toString()).contains("connect-timeout");
            assertThat(r.out()).as(r.toString()).isEmpty();
        }
        Cli.Result env = new Cli(cwd).env("FERRY_CONNECT_TIMEOUT", "soon").run("status", "--url", url(""));
        assertThat(env.exit()).as(env.toString()).isEqualTo(2);
        assertThat(env.err()).as(env.toString()).contains("FERRY_CONNECT_TIMEOUT");
        Path dir = Files.createTempDirectory(cwd, "yaml");
        Files.writeString(dir.resolve("ferry.yaml"), "url: " + url("") + "\nconnect-timeout: 0s\n");
        Cli.Result yaml = new Cli(dir).run("status");
        assertThat(yaml.exit()).as(yaml.toString()).isEqualTo(2);
        assertThat(yaml.err()).as(yaml.toString()).contains("ferry.yaml: connect-timeout");
    }
}
