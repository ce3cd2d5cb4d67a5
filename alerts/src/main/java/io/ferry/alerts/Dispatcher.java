package io.ferry.alerts;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Sends alerts to the configured sinks and loses none: each transition is written to the spool folder (one
 * fsynced file per delivery) before the first attempt, and removed once the sink has it. A dispatcher started
 * on a spool that holds deliveries (the process was killed) sends them.
 *
 * <p>Per sink and alert key, deliveries go out in order: a resolve never reaches a sink before its trigger.
 * Retries follow {@link AlertsSettings#retry()}; {@code Retry-After} on 429 and 503 is honoured; 410 disables the
 * sink until its settings change; other 4xx but 408 and 429 are dead letters at once. Each attempt has 10 s.
 * Alertmanager sinks are sent every firing alert again each minute until it resolves.
 */
public final class Dispatcher implements AutoCloseable {

    /**
     * Opens the spool and starts delivering (a daemon thread).
     *
     * @param settings the sinks
     * @param spool    the spool folder, created when missing (the server uses {@code .ferry/alerts})
     * @param http     the client to post with
     * @param clock    time, for timestamps and retry delays
     * @param listener told of each attempt's outcome
     */
    public Dispatcher(AlertsSettings settings, Path spool, HttpClient http, Clock clock, DeliveryListener listener) {
        throw new UnsupportedOperationException("Dispatcher: to be written");
    }

    /**
     * Spools {@code alert} for every sink that accepts it, as a trigger while it fires and a resolve once it has
     * ended, and returns once it is on disk. Sending the same transition of the same alert again changes nothing.
     */
    public void send(Alert alert) {
        throw new UnsupportedOperationException();
    }

    /** Pending deliveries, then the most recent delivered and dead ones, newest first (at most {@code limit}). */
    public List<Delivery> deliveries(int limit) {
        throw new UnsupportedOperationException();
    }

    /** The sinks and whether each is enabled (a sink that answered 410 is not). */
    public List<SinkState> sinks() {
        throw new UnsupportedOperationException();
    }

    /**
     * Posts a test alert to one sink, or to every sink when {@code sink} is null, at once and without the
     * spool; for {@code ferry alerts test}.
     */
    public static List<TestOutcome> test(AlertsSettings settings, String sink, HttpClient http, Clock clock) {
        throw new UnsupportedOperationException();
    }

    /** Stops delivering; what is pending stays in the spool. */
    @Override
    public void close() {
    }

    /** A sink and whether it is enabled; {@code disabledBecause} says why not. */
    public record SinkState(SinkSettings settings, boolean enabled, String disabledBecause) {
    }

    /** How a test alert went: {@code status} is the HTTP status, or 0 when no answer came ({@code error} says why). */
    public record TestOutcome(String sink, boolean delivered, int status, String error) {
    }
}
