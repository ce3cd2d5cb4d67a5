package io.ferry.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ferry.migration.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dispatcher in another JVM spools alerts for a receiver that is down, and is killed (SIGKILL, no shutdown
 * hook runs); a new dispatcher on its spool delivers every one of them, each once. The new dispatcher posts to
 * another path of the receiver, so that the killed one's last attempts, still being answered, are told apart.
 */
class KilledProcessTest {

    private static final int ALERTS = 20;

    @RegisterExtension
    static WireMockExtension receiver = Received.receiver();

    @TempDir
    Path spool;

    /** The child: spools {@code ALERTS} alerts, says so on stdout, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        Dispatcher dispatcher = new Dispatcher(settings(args[1]), Path.of(args[0]), HttpClient.newHttpClient(),
                Clock.systemUTC(), DeliveryListener.NONE);
        for (int i = 0; i < ALERTS; i++) {
            dispatcher.send(Fixtures.firing("r" + i));
        }
        System.out.println("spooled");
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }

    private static AlertsSettings settings(String url) {
        return Fixtures.settings(Fixtures.quickRetries(100), Fixtures.webhook("ops", url));
    }

    @Test
    void whatAKilledProcessSpooledIsDelivered() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(503)));
        receiver.stubFor(post(urlPathEqualTo("/up")).willReturn(aResponse().withStatus(200)));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, KilledProcessTest.class.getName(), spool.toString(), receiver.baseUrl() + "/down")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("spooled")) {
                System.out.println("child: " + line);
            }
            assertThat(line).as("the child's last line").isEqualTo("spooled");
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }

        try (Dispatcher dispatcher = new Dispatcher(settings(receiver.baseUrl() + "/up"), spool,
                HttpClient.newHttpClient(), Clock.systemUTC(), DeliveryListener.NONE, Fixtures.FAST)) {
            Await.until(ALERTS + " delivered", () -> dispatcher.deliveries(100).stream()
                    .filter(d -> d.status().equals("delivered")).count() == ALERTS);
        }
        List<Received> all = Received.all(receiver);
        List<Received> delivered = all.stream().filter(r -> r.path().equals("/up")).toList();
        assertThat(delivered).hasSize(ALERTS).extracting(Received::status).containsOnly(200);
        assertThat(delivered).extracting(Received::key).doesNotHaveDuplicates();
        for (Received r : delivered) {
            assertThat(all).filteredOn(tried -> tried.path().equals("/down") && tried.key().equals(r.key()))
                    .extracting(tried -> tried.header("webhook-id")).allMatch(r.header("webhook-id")::equals);
        }
    }
}
