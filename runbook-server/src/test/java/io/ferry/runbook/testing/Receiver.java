package io.ferry.runbook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.migration.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A real HTTP receiver of alert sinks' posts on 127.0.0.1 (the JDK's server): records every request, headers and
 * raw body, with the status it answered, which the test switches ({@link #answer}: 200 at first). A test starts
 * its own ({@link #start}); the profiles that must name a receiver in ferry.yaml before their server starts use the
 * JVM's {@link #shared} one, with a Standard Webhooks signing secret of its own ({@link #secret}).
 */
public final class Receiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request as it arrived.
     *
     * @param headers by lower-case name
     * @param nanos   when it arrived, {@link System#nanoTime}
     * @param at      when it arrived, by the wall clock
     * @param noted   what the receiver's {@link #noting note} read as it arrived, before it answered; 0 without one
     */
    public record Request(String path, Map<String, List<String>> headers, String body, int status, long nanos,
                          Instant at, long noted) {

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

        /** The alert's rule in a Standard Webhooks body, {@code data.rule}. */
        public String rule() {
            return json().path("data").path("rule").asText();
        }

        /** Checks the signature with the reference Standard Webhooks library; throws when it does not verify. */
        public void verify(String secret) throws WebhookVerificationException {
            new Webhook(secret).verify(body, headers);
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

    /** Where the shared receiver's webhook sink posts. */
    public static final String HOOK_PATH = "/hooks/ferry";
    private static Receiver shared;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, task -> {
        Thread thread = new Thread(task, "test-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final String secret = newSecret();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile Callable<Long> note = () -> 0L;

    private Receiver(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static Receiver start() throws IOException {
        return new Receiver(HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16));
    }

    /** The JVM's receiver, started on first use and stopped as the JVM ends. */
    public static synchronized Receiver shared() {
        if (shared == null) {
            try {
                Receiver receiver = start();
                Runtime.getRuntime().addShutdownHook(new Thread(receiver::close));
                shared = receiver;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the shared receiver", e);
            }
        }
        return shared;
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** The signing secret a webhook sink posting here is configured with ({@code whsec_} and 32 random bytes). */
    public String secret() {
        return secret;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    List.copyOf(values)));
            int answer = status;
            long nanos = System.nanoTime();
            Instant at = Instant.now();
            requests.add(new Request(exchange.getRequestURI().getPath(), headers,
                    new String(body, StandardCharsets.UTF_8), answer, nanos, at, noted()));
            exchange.sendResponseHeaders(answer, -1);
        }
    }

    private long noted() throws IOException {
        try {
            return note.call();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the receiver's note failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code note} as each request arrives, before answering it, and keeps the value with the request
     * ({@link Request#noted}): for instance a counter of the sender, which says how far it had got when it posted.
     */
    public void noting(Callable<Long> note) {
        this.note = note;
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

    /** The requests that {@code match}, whatever their path, oldest first. */
    public List<Request> requests(Predicate<Request> match) {
        return requests.stream().filter(match).toList();
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
