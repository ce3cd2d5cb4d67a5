package io.ferry.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ferry.migration.testing.Await;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Different keys go out side by side, at most {@link Timing#inFlightPerSink()} at once per sink. */
class ConcurrencyTest {

    @TempDir
    Path spool;

    private HttpServer server;
    private ExecutorService threads;
    private final AtomicInteger onTheWire = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    /** A receiver that takes 200 ms per request and counts how many it holds at once. */
    @BeforeEach
    void slowReceiver() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        threads = Executors.newFixedThreadPool(32);
        server.setExecutor(threads);
        server.createContext("/hook", exchange -> {
            most.accumulateAndGet(onTheWire.incrementAndGet(), Math::max);
            try {
                exchange.getRequestBody().readAllBytes();
                TimeUnit.MILLISECONDS.sleep(200);
                exchange.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                onTheWire.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    @Test
    void keysGoOutSideBySideWithinTheLimit() throws Exception {
        SinkSettings sink = Fixtures.webhook("ops", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        try (Dispatcher dispatcher = new Dispatcher(Fixtures.settings(Fixtures.quickRetries(3), sink), spool,
                HttpClient.newHttpClient(), Clock.systemUTC(), DeliveryListener.NONE, Fixtures.FAST)) {
            for (int i = 0; i < 40; i++) {
                dispatcher.send(Fixtures.firing("r" + i));
            }
            Await.until("40 delivered", () -> dispatcher.deliveries(100).stream()
                    .filter(d -> d.status().equals("delivered")).count() == 40);
        }
        assertThat(most.get()).isGreaterThan(1).isLessThanOrEqualTo(Fixtures.FAST.inFlightPerSink());
    }
}
