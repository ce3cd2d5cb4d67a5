package io.ferry.alerts;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends alerts to the configured sinks and loses none: each transition is written to the spool folder (one
 * fsynced file per delivery) before the first attempt, and removed once the sink has it. A dispatcher started
 * on a spool that holds deliveries (the process was killed) sends them.
 *
 * <p>Per sink and alert key, deliveries go out in order: a resolve never reaches a sink before its trigger.
 * Retries follow {@link AlertsSettings#retry()}; {@code Retry-After} on 429 and 503 is honoured; 410 disables the
 * sink until its settings change; other 4xx but 408 and 429 are dead letters at once. Each attempt has 10 s in
 * all. Alertmanager sinks are sent all their firing alerts again each minute, in one post, until they resolve.
 */
public final class Dispatcher implements AutoCloseable {

    /** The spool folder of a project, relative to its folder: where the runbook server keeps its deliveries. */
    public static final Path SPOOL = Path.of(".ferry", "alerts", "spool");

    private final AlertsSettings settings;
    private final Spool spool;
    private final Map<String, SinkLane> lanes = new LinkedHashMap<>();
    private final Poster poster;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Object sending = new Object();
    private volatile boolean closed;

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
        this(settings, spool, http, clock, listener, Timing.DEFAULT);
    }

    Dispatcher(AlertsSettings settings, Path spool, HttpClient http, Clock clock, DeliveryListener listener,
               Timing timing) {
        this.settings = settings;
        this.spool = Spool.open(spool);
        this.workers = Executors.newCachedThreadPool(daemons("ferry-alerts-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemons("ferry-alerts-timer-"));
        this.poster = new Poster(http, clock, timing.attemptTimeout());
        try {
            Lanes shared = new Lanes(this.spool, poster, settings.retry(), clock,
                    listener == null ? DeliveryListener.NONE : listener, workers, timer, timing);
            this.spool.enableChanged(settings.sinks());
            for (SinkSettings sink : settings.sinks()) {
                lanes.put(sink.name(), new SinkLane(sink, shared));
            }
            resume(shared);
            if (lanes.values().stream().anyMatch(lane -> lane.protocol().resends())) {
                long every = timing.resendEvery().toMillis();
                timer.scheduleWithFixedDelay(this::resend, every, every, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Queues what a previous dispatcher left pending; what belongs to a sink no longer configured is dead. */
    private void resume(Lanes shared) {
        for (SpoolEntry entry : spool.pending()) {
            SinkLane lane = lanes.get(entry.sink());
            if (lane != null) {
                lane.enqueue(entry);
            } else {
                SpoolEntry dead = entry.given(SpoolEntry.DEAD, entry.attempts(), "not sent: ferry.yaml has no sink '"
                        + entry.sink() + "' any more", shared.clock().instant());
                spool.finish(dead);
                shared.tell(dead, "dead");
            }
        }
        for (SpoolEntry firing : spool.resends()) {
            SinkLane lane = lanes.get(firing.sink());
            if (lane == null || !lane.protocol().resends()) {
                spool.forgetResend(firing.sink(), firing.key());
            }
        }
    }

    /** Each resending sink gets its firing alerts again, in one post. */
    private void resend() {
        resend(resends());
    }

    /** The firing alerts that resending sinks are sent again, as the spool holds them now. */
    List<SpoolEntry> resends() {
        return spool.resends();
    }

    /**
     * Resends {@code firing}, the spool's firing alerts as read a moment ago: an alert resolved since then is
     * left out by its lane, which looks again under its lock.
     */
    void resend(List<SpoolEntry> firing) {
        Map<String, List<SpoolEntry>> bySink = new LinkedHashMap<>();
        for (SpoolEntry entry : firing) {
            bySink.computeIfAbsent(entry.sink(), sink -> new ArrayList<>()).add(entry);
        }
        bySink.forEach((sink, entries) -> {
            SinkLane lane = lanes.get(sink);
            if (lane != null) {
                lane.resend(entries);
            }
        });
    }

    /**
     * Spools {@code alert} for every sink that accepts it, as a trigger while it fires and a resolve once it has
     * ended, and returns once it is on disk. A resolve also goes to the sinks that had the trigger, whatever their
     * filter says now. Sending the same transition of the same alert again changes nothing; an alert that fires
     * again after its resolve is sent again, even with the same start.
     */
    public void send(Alert alert) {
        synchronized (sending) {
            if (closed) {
                throw new IllegalStateException("the alert dispatcher is closed");
            }
            for (SinkLane lane : lanes.values()) {
                lane.offer(alert, settings.publicUrl());
            }
        }
    }

    /** Pending deliveries, then the most recent delivered and dead ones, newest first (at most {@code limit}). */
    public List<Delivery> deliveries(int limit) {
        List<SpoolEntry> entries = new ArrayList<>(spool.pending());
        entries.sort(Comparator.comparingLong(SpoolEntry::seq).reversed());
        List<SpoolEntry> finished = new ArrayList<>(spool.finished());
        finished.sort(SpoolEntry.BY_UPDATE.reversed());
        entries.addAll(finished);
        return entries.stream().limit(Math.max(0, limit)).map(SpoolEntry::delivery).toList();
    }

    /** The sinks and whether each is enabled (a sink that answered 410 is not). */
    public List<SinkState> sinks() {
        return lanes.values().stream().map(lane -> SinkState.of(lane.settings(), lane.disabledBecause())).toList();
    }

    /**
     * The sinks as a spool folder records them, read without opening it (another process may be delivering):
     * for {@code ferry alerts list}. A folder that does not exist has every sink enabled.
     */
    public static List<SinkState> sinkStates(AlertsSettings settings, Path spool) {
        return settings.sinks().stream().map(sink -> SinkState.of(sink, Spool.disabledBecause(spool, sink))).toList();
    }

    /**
     * Posts a test alert to one sink, or to every sink when {@code sink} is null, at once and without the
     * spool; for {@code ferry alerts test}.
     *
     * @throws IllegalArgumentException when no sink has that name
     */
    public static List<TestOutcome> test(AlertsSettings settings, String sink, HttpClient http, Clock clock) {
        return new TestSender(settings, http, clock, Timing.DEFAULT.attemptTimeout()).send(sink);
    }

    /** Stops delivering; what is pending stays in the spool. */
    @Override
    public void close() {
        synchronized (sending) {
            if (closed) {
                return;
            }
            closed = true;
        }
        lanes.values().forEach(SinkLane::close);
        timer.shutdownNow();
        // Workers are not interrupted: one may be writing an outcome to the spool, which must finish.
        poster.close();
        workers.shutdown();
        try {
            workers.awaitTermination(1, TimeUnit.MINUTES);
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spool.close();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A sink and whether it is enabled; {@code disabledBecause} says why not. */
    public record SinkState(SinkSettings settings, boolean enabled, String disabledBecause) {

        static SinkState of(SinkSettings settings, String disabledBecause) {
            return new SinkState(settings, disabledBecause == null, disabledBecause);
        }
    }

    /** How a test alert went: {@code status} is the HTTP status, or 0 when no answer came ({@code error} says why). */
    public record TestOutcome(String sink, boolean delivered, int status, String error) {
    }
}
