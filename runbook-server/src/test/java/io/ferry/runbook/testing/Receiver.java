package io.ferry.runbook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.migration.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A real HTTP receiver of alert sinks' posts on 127.0.0.1 (the JDK's server): records every request, headers and
 * raw body, with the status it answered, which the test switches ({@link #answer}: 200 at first).
 */
public final class Receiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request as it arrived.
     *
     * @param headers by lower-case name
     * @param nanos   when it arrived, {@link System#nanoTime}
     * @param at      when it arrived, by the wall clock
     */
    public record Request(String path, Map<String, List<String>> headers, String body, int status, long nanos,
                          Instant at) {

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A Standard Webhooks body's {@code type} ({@code alert.firing}, {@code alert.resolved}). */
        public String type() {
            return json().path("type").asText();
        }

        /** The alert's key in a Standard Webhooks body. */
        public String key() {
            return json().path("data").path("key").asText();
        }

        /** A Slack message's text. */
        public String text() {
            return json().path("text").asText();
        }

        @Override
        public String toString() {
            return path + " " + status + " " + body;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    private Receiver(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static Receiver start() throws IOException {
        return new Receiver(HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    List.copyOf(values)));
            int answer = status;
            requests.add(new Request(exchange.getRequestURI().getPath(), headers,
                    new String(body, StandardCharsets.UTF_8), answer, System.nanoTime(), Instant.now()));
            exchange.sendResponseHeaders(answer, -1);
        }
    }

    /** {@code http://127.0.0.1:PORT} and the path. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The status every request is answered with from now on. */
    public void answer(int status) {
        this.status = status;
    }

    /** The requests so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests to {@code path} that {@code match}, oldest first. */
    public List<Request> requests(String path, Predicate<Request> match) {
        return requests.stream().filter(r -> r.path().equals(path) && match.test(r)).toList();
    }

    /** Polls until a request to {@code path} matches, and returns the first that does. */
    public Request await(String what, String path, Predicate<Request> match) throws Exception {
        try {
            Await.until(what, () -> !requests(path, match).isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; received: " + requests, e);
        }
        return requests(path, match).get(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
