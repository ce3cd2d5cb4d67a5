package io.ferry.alerts;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes one attempt: posts a body to a sink, signed as its protocol wants, within the attempt's time. Closing
 * it gives up the attempts on the wire without interrupting their threads, which may be writing to the spool.
 */
final class Poster {

    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;
    private final Set<CompletableFuture<?>> onTheWire = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Poster(HttpClient http, Clock clock, Duration timeout) {
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The answer; null when the poster was closed, or the thread interrupted, before one came. */
    Answer post(SinkSettings sink, Protocol protocol, String id, String body) {
        if (closed) {
            return null;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<HttpResponse<Void>> sent;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(protocol.target(sink))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "ferry-alerts")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            protocol.sign(request, sink, id, body, clock.instant());
            // The answer's body is never shown (it may say anything), but it is read to the end within the time.
            sent = http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            // Settings this module did not read (a bad secret or URL) fail each attempt, never the worker.
            return Answer.none("cannot post: " + e.getMessage());
        }
        onTheWire.add(sent);
        if (closed) {
            sent.cancel(true);
        }
        try {
            // One deadline for the whole exchange: connecting, the answer's headers and its body.
            long remaining = Math.max(0, deadline - System.nanoTime());
            return Answer.of(sent.get(remaining, TimeUnit.NANOSECONDS), clock);
        } catch (TimeoutException e) {
            sent.cancel(true);
            return Answer.none(noAnswer());
        } catch (ExecutionException e) {
            return Answer.none(describe(e.getCause()));
        } catch (CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            return null;
        } finally {
            onTheWire.remove(sent);
        }
    }

    /** Gives up every attempt on the wire; their {@link #post} returns null, and later ones do at once. */
    void close() {
        closed = true;
        onTheWire.forEach(sent -> sent.cancel(true));
    }

    private String noAnswer() {
        return "no answer within " + timeout.toSeconds() + "s";
    }

    private String describe(Throwable failure) {
        if (failure instanceof HttpTimeoutException) {
            return noAnswer();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return t.getMessage() == null || t.getMessage().isBlank() ? "connection refused"
                        : "cannot connect: " + t.getMessage();
            }
        }
        String message = failure.getMessage();
        String kind = failure instanceof IOException ? "" : failure.getClass().getSimpleName() + ": ";
        return kind + (message == null || message.isBlank() ? failure.getClass().getSimpleName()
                : message.lines().findFirst().orElse(""));
    }
}
