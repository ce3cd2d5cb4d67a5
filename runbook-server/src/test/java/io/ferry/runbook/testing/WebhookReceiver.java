package io.ferry.runbook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A real webhook receiver for the server's alert sinks: the JDK's HTTP server on 127.0.0.1 (a free port), which
 * records every request with the moment it arrived and answers {@code 204}. One per JVM, started on first use with
 * a signing secret of its own ({@code whsec_} and 32 random bytes), so the profiles that name it in their
 * ferry.yaml ({@link Profiles.DatabaseDown}) can give its address before the server starts.
 */
public final class WebhookReceiver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static WebhookReceiver shared;

    /** One request as it arrived: the raw body, the headers with lower-case names, and when ({@link System#nanoTime()}). */
    public record Request(String path, String body, Map<String, List<String>> headers, long arrivedNanos) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The Standard Webhooks {@code type}: {@code alert.firing}, {@code alert.resolved}, {@code alert.test}. */
        public String type() {
            return json().path("type").asText();
        }

        /** The alert's rule, {@code data.rule}. */
        public String rule() {
            return json().path("data").path("rule").asText();
        }

        /** The alert's key, {@code data.key}. */
        public String key() {
            return json().path("data").path("key").asText();
        }

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** Checks the signature with the reference Standard Webhooks library; throws when it does not verify. */
        public void verify(String secret) throws WebhookVerificationException {
            new Webhook(secret).verify(body, headers);
        }
    }

    private final HttpServer server;
    private final String secret;
    private final List<Request> received = new ArrayList<>();

    private WebhookReceiver() throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** The JVM's receiver, started on first use and stopped as the JVM ends. */
    public static synchronized WebhookReceiver shared() {
        if (shared == null) {
            try {
                WebhookReceiver receiver = new WebhookReceiver();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> receiver.server.stop(0)));
                shared = receiver;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the webhook receiver", e);
            }
        }
        return shared;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    List.copyOf(values)));
            synchronized (this) {
                received.add(new Request(exchange.getRequestURI().getPath(), body, Map.copyOf(headers), arrived));
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** Where the sink posts: {@code http://127.0.0.1:PORT/hooks/ferry}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/hooks/ferry";
    }

    /** The signing secret the sink is configured with. */
    public String secret() {
        return secret;
    }

    /** Every request so far, in the order they arrived. */
    public synchronized List<Request> received() {
        return List.copyOf(received);
    }

    /** The requests that match, in order. */
    public synchronized List<Request> received(Predicate<Request> which) {
        return received.stream().filter(which).toList();
    }
}
