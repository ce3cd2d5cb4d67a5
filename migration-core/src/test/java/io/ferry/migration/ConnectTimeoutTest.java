package io.ferry.migration;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The connect timeout bounds the whole login, not only the TCP connect: against a socket that accepts and
 * never answers, opening a connection ends with {@code connect-timeout} naming host, port and limit.
 * Time taken is not asserted; that the call ends at all is the point (the test's timeout catches a hang).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectTimeoutTest {

    @Test
    void theLimitGoesToTheDriverInWholeSecondsAndWinsOverTheUrl() {
        PGSimpleDataSource ds = (PGSimpleDataSource) FerryConfiguration.simpleDataSource(
                "jdbc:postgresql://127.0.0.1:1/x?loginTimeout=99&connectTimeout=99", "u", null,
                Duration.ofMillis(1500));
        assertThat(ds.getLoginTimeout()).isEqualTo(2);
        assertThat(ds.getConnectTimeout()).isEqualTo(2);
        PGSimpleDataSource byDefault = (PGSimpleDataSource) FerryConfiguration.simpleDataSource(
                "jdbc:postgresql://127.0.0.1:1/x", "u", null);
        assertThat(byDefault.getLoginTimeout()).isEqualTo(10);
    }

    @Test
    void aLimitThatIsNotPositiveIsRefused() {
        FerryConfiguration c = Ferry.configure().dataSource("jdbc:postgresql://127.0.0.1:1/x", "u", "p");
        assertFails(() -> c.connectTimeout(Duration.ZERO), MigrationErrorCode.INVALID_CONFIGURATION,
                "connect timeout must be longer than 0");
        assertFails(() -> c.connectTimeout(Duration.ofSeconds(-1)), MigrationErrorCode.INVALID_CONFIGURATION,
                "connect timeout");
    }

    @Test
    void aServerThatNeverAnswersEndsTheConnectionAttempt(@TempDir Path dir) throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            for (String params : List.of("", "?sslmode=disable")) {
                String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/db" + params;
                // Set after the URL: the limit still reaches its data source.
                Ferry ferry = Ferry.configure().dataSource(url, "u", "p4ssw0rd").connectTimeout(Duration.ofSeconds(1))
                        .locations(dir).load();
                FerryException e = assertFails(ferry::current, MigrationErrorCode.CONNECT_TIMEOUT,
                        "database db at 127.0.0.1:" + silent.getLocalPort(), "as user u", "connect timeout of 1s");
                assertThat(e.code().exitCode()).isEqualTo(3);
                assertThat(e.getMessage() + e.hint()).doesNotContain("p4ssw0rd");
                assertThat(e.remedy().actions()).anyMatch(a -> a.kind() == MigrationRemedy.CONNECT_TIMEOUT);
                assertThat(e.remedy().toString()).contains("FerryConfiguration.connectTimeout(Duration)");
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
