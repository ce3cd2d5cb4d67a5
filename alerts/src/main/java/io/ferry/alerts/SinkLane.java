package io.ferry.alerts;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The deliveries of one sink. Each alert key has its queue, and only the head of a queue is ever tried, so a
 * sink sees one key's transitions in the order they were spooled, even while the first is being retried.
 * Heads of different keys go out concurrently, up to {@link Timing#inFlightPerSink()} at a time, earliest due
 * first.
 */
final class SinkLane {

    private static final System.Logger LOG = System.getLogger(SinkLane.class.getName());
    private static final Comparator<SpoolEntry> DUE_ORDER =
            Comparator.comparing(SpoolEntry::nextAttemptAt).thenComparingLong(SpoolEntry::seq);

    private final SinkSettings sink;
    private final Protocol protocol;
    private final Lanes lanes;

    // Guarded by this.
    private final Map<String, ArrayDeque<SpoolEntry>> queues = new HashMap<>();
    private final Set<String> busyKeys = new HashSet<>();
    private final PriorityQueue<SpoolEntry> heads = new PriorityQueue<>(DUE_ORDER);
    private int inFlight;
    private Instant wakeAt;
    private String disabledBecause;
    private boolean closed;

    SinkLane(SinkSettings sink, Lanes lanes) {
        this.sink = sink;
        this.protocol = Protocol.of(sink.type());
        this.lanes = lanes;
        this.disabledBecause = lanes.spool().disabledBecause(sink);
    }

    SinkSettings settings() {
        return sink;
    }

    Protocol protocol() {
        return protocol;
    }

    synchronized String disabledBecause() {
        return disabledBecause;
    }

    /**
     * Spools the alert's transition for this sink unless it filters it out or has it already; the caller
     * serialises these calls. A disabled sink's delivery goes straight to the dead ones.
     *
     * <p>A resolve goes to the sink whenever it had the trigger (pending, delivered, or in its resends), whatever
     * its filter says now. An alert that fires after its resolve is the alert's next occurrence, with ids of its
     * own, even when it has the same start.
     */
    void offer(Alert alert, String publicUrl) {
        Spool spool = lanes.spool();
        Transition transition = Transition.of(alert);
        Spool.Occurrence latest = spool.occurrence(sink.name(), alert.key());
        Spool.Occurrence occurrence = transition == Transition.FIRING ? latest.firing() : latest;
        String id = DeliveryIds.of(sink.name(), alert, transition, occurrence.number());
        if (spool.knows(id) || !(sink.accepts(alert) || transition == Transition.RESOLVED && hadTrigger(alert,
                occurrence))) {
            return;
        }
        // Recorded before the delivery: a crash in between costs at most a delivery sent once more.
        spool.saveOccurrence(sink.name(), alert.key(),
                transition == Transition.RESOLVED ? occurrence.resolve() : occurrence);
        Instant now = lanes.clock().instant();
        SpoolEntry entry = SpoolEntry.pending(id, sink.name(), alert.key(), transition, spool.nextSeq(),
                protocol.render(sink, alert, transition, publicUrl), now, now.plus(lanes.retry().get(0)));
        String disabled = disabledBecause();
        if (disabled != null) {
            settleOutside(entry.given(SpoolEntry.DISABLED, 0, "not sent: the sink is disabled (" + disabled + ")",
                    now), "disabled");
            return;
        }
        spool.savePending(entry);
        enqueue(entry);
    }

    /** True when the sink has, or had, the trigger of this occurrence of the alert. */
    private boolean hadTrigger(Alert alert, Spool.Occurrence occurrence) {
        return lanes.spool().knows(DeliveryIds.of(sink.name(), alert, Transition.FIRING, occurrence.number())) || lanes.spool().resends(sink.name(), alert.key());
    }

    /** Queues a delivery already on disk (spooled now, or found pending at start). */
    void enqueue(SpoolEntry entry) {
        List<SpoolEntry> refused;
        synchronized (this) {
            ArrayDeque<SpoolEntry> queue = queues.computeIfAbsent(entry.key(), k -> new ArrayDeque<>());
            queue.addLast(entry);
            if (queue.size() == 1 && !busyKeys.contains(entry.key())) {
                heads.add(entry);
            }
            refused = disabledBecause == null ? List.of() : drainIdle();
        }
        refuse(refused);
        pump();
    }

    /** Starts every due head while there is room on the wire; sets a wake-up for the next one. */
    void pump() {
        synchronized (this) {
            if (closed || disabledBecause != null) {
                return;
            }
            Instant now = lanes.clock().instant();
            while (inFlight < lanes.timing().inFlightPerSink() && !heads.isEmpty()
                    && !heads.peek().nextAttemptAt().isAfter(now)) {
                SpoolEntry entry = heads.poll();
                if (!start(entry.key(), () -> attempt(entry))) {
                    return;
                }
            }
            if (!heads.isEmpty() && inFlight < lanes.timing().inFlightPerSink()) {
                wakeAt(heads.peek().nextAttemptAt(), now);
            }
        }
    }

    private void wakeAt(Instant due, Instant now) {
        if (wakeAt != null && !due.isBefore(wakeAt) && wakeAt.isAfter(now)) {
            return;
        }
        wakeAt = due;
        try {
            lanes.timer().schedule(this::pump, Math.max(0, Duration.between(now, due).toMillis()) + 1,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // closing
        }
    }

    /** One attempt of a head, on a worker; its outcome is written before the next of its key may go. */
    private void attempt(SpoolEntry entry) {
        Answer answer = lanes.poster().post(sink, protocol, entry.id(), entry.body());
        if (answer == null) {
            endAttempt(entry.key(), entry); // the dispatcher is closing: the spool keeps the delivery
            return;
        }
        SpoolEntry next;
        try {
            next = record(entry, answer);
        } catch (RuntimeException e) {
            next = unrecorded(entry, e);
        }
        endAttempt(entry.key(), next.status().equals(SpoolEntry.PENDING) ? next : null);
    }

    /**
     * The disk refused the attempt's outcome: the attempt counts as failed, under the retry schedule. The
     * delivery is tried again later from memory, or is dead once its attempts are used up.
     */
    private SpoolEntry unrecorded(SpoolEntry entry, RuntimeException failure) {
        int attempts = entry.attempts() + 1;
        Instant now = lanes.clock().instant();
        String error = "cannot record the outcome: " + failure.getMessage();
        if (attempts >= lanes.retry().size()) {
            LOG.log(Level.WARNING, "alert sink " + sink.name() + ": " + error + "; " + entry.id() + " is dead after "
                    + attempts + " attempts");
            SpoolEntry dead = entry.given(SpoolEntry.DEAD, attempts, error + " (gave up after " + attempts
                    + " attempts)", now);
            try {
                return settleOutside(dead, "dead");
            } catch (RuntimeException again) {
                // Not even the dead letter can be written: the lane drops it; the spool keeps it pending.
                lanes.tell(dead, "dead");
                return dead;
            }
        }
        Duration wait = lanes.retry().get(attempts);
        LOG.log(Level.WARNING, "alert sink " + sink.name() + ": " + error + " (" + entry.id() + "); it is tried"
                + " again in " + wait);
        SpoolEntry retrying = entry.retrying(attempts, error, now, now.plus(wait));
        lanes.tell(retrying, "retrying");
        return retrying;
    }

    /** Writes the attempt's outcome to the spool and tells the listener; returns the delivery's new state. */
    private SpoolEntry record(SpoolEntry entry, Answer answer) {
        Instant now = lanes.clock().instant();
        int attempts = entry.attempts() + 1;
        Answer.Outcome outcome = answer.outcome();
        if (outcome == Answer.Outcome.DELIVERED) {
            if (protocol.resends() && entry.firing()) {
                lanes.spool().rememberResend(entry);
            }
            return settleOutside(entry.delivered(attempts, now), "delivered");
        }
        if (outcome == Answer.Outcome.DISABLED) {
            disable("answered HTTP 410 Gone", now);
        }
        if (disabledBecause() != null) {
            // Gone, or another attempt found the sink gone while this one was on the wire.
            return settleOutside(entry.given(SpoolEntry.DISABLED, attempts, answer.error(), now), "disabled");
        }
        if (outcome == Answer.Outcome.RETRY && attempts < lanes.retry().size()) {
            Duration delay = lanes.retry().get(attempts);
            if (answer.retryAfter().compareTo(delay) > 0) {
                delay = answer.retryAfter();
            }
            SpoolEntry retrying = entry.retrying(attempts, answer.error(), now, now.plus(delay));
            lanes.spool().savePending(retrying);
            lanes.tell(retrying, "retrying");
            return retrying;
        }
        String error = outcome == Answer.Outcome.RETRY
                ? answer.error() + " (gave up after " + attempts + " attempts)" : answer.error();
        return settleOutside(entry.given(SpoolEntry.DEAD, attempts, error, now), "dead");
    }

    /**
     * Stops resending a resolved alert, records a delivery that is over, and tells the listener. The resends stop
     * first: a resolve that is over, even one the disk would not record, is never followed by the alert firing.
     */
    private SpoolEntry settleOutside(SpoolEntry finished, String outcome) {
        if (protocol.resends() && !finished.firing()) {
            lanes.spool().forgetResend(finished.sink(), finished.key());
        }
        lanes.spool().finish(finished);
        lanes.tell(finished, outcome);
        return finished;
    }

    /**
     * Ends an attempt: the key's head becomes {@code stillPending} (the same delivery, to be tried again), or
     * is removed when it is over (null); then the key is free for its next delivery.
     */
    private void endAttempt(String key, SpoolEntry stillPending) {
        synchronized (this) {
            ArrayDeque<SpoolEntry> queue = queues.get(key);
            if (queue != null) {
                queue.pollFirst();
                if (stillPending != null) {
                    queue.addFirst(stillPending);
                }
            }
        }
        freeKey(key);
    }

    /** The key has nothing on the wire any more: its queue's head may go when due. */
    private void freeKey(String key) {
        freeKeys(List.of(key));
    }

    /** The post of these keys is over: each key's queue's head may go when due. */
    private void freeKeys(List<String> keys) {
        synchronized (this) {
            inFlight--;
            for (String key : keys) {
                busyKeys.remove(key);
                ArrayDeque<SpoolEntry> queue = queues.get(key);
                if (queue != null && queue.isEmpty()) {
                    queues.remove(key);
                } else if (queue != null && !closed) {
                    heads.add(queue.peekFirst());
                }
            }
        }
        pump();
    }

    /**
     * The sink answered 410: it stays disabled until its settings change, and what waits for it is moved to
     * the dead ones as {@code disabled}. Attempts on the wire finish as they may.
     */
    private void disable(String reason, Instant now) {
        if (disabledBecause() != null) {
            return;
        }
        lanes.spool().disable(sink, reason, now);
        List<SpoolEntry> refused;
        synchronized (this) {
            if (disabledBecause != null) {
                return;
            }
            disabledBecause = reason + " since " + now;
            refused = drainIdle();
        }
        LOG.log(Level.WARNING, "alert sink " + sink.name() + " " + reason + ": it is disabled until its settings"
                + " in ferry.yaml change");
        refuse(refused);
    }

    /** Takes every queued delivery not on the wire out of the lane. */
    private List<SpoolEntry> drainIdle() {
        List<SpoolEntry> drained = new ArrayList<>();
        for (Iterator<Map.Entry<String, ArrayDeque<SpoolEntry>>> it = queues.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ArrayDeque<SpoolEntry>> queue = it.next();
            boolean busy = busyKeys.contains(queue.getKey());
            SpoolEntry onTheWire = busy ? queue.getValue().pollFirst() : null;
            drained.addAll(queue.getValue());
            queue.getValue().clear();
            if (onTheWire != null) {
                queue.getValue().add(onTheWire);
            } else {
                it.remove();
            }
        }
        heads.clear();
        return drained;
    }

    private void refuse(List<SpoolEntry> entries) {
        Instant now = lanes.clock().instant();
        for (SpoolEntry entry : entries) {
            settleOutside(entry.given(SpoolEntry.DISABLED, entry.attempts(), "not sent: the sink is disabled ("
                    + disabledBecause() + ")", now), "disabled");
        }
    }

    /**
     * Sends the sink's firing alerts again, all in one post (Alertmanager forgets alerts not resent, and takes a
     * list), but those whose key has deliveries queued or on the wire, which say more recent things. The post
     * does not wait for room on the wire: it is one more at most, and no alert is left out.
     *
     * <p>{@code firing} names the keys; each alert's body is the one the spool holds now, under this lane's
     * lock. A resolve delivered since the list was read has let its key go only after the spool forgot the
     * alert, so a resolved alert is never sent firing again after its resolve.
     */
    void resend(List<SpoolEntry> firing) {
        synchronized (this) {
            if (closed || disabledBecause != null) {
                return;
            }
            List<SpoolEntry> idle = firing.stream()
                    .filter(f -> !queues.containsKey(f.key()) && !busyKeys.contains(f.key()))
                    .map(f -> lanes.spool().resending(sink.name(), f.key()))
                    .filter(Objects::nonNull).toList();
            if (!idle.isEmpty()) {
                start(idle.stream().map(SpoolEntry::key).toList(), () -> resendNow(idle));
            }
        }
    }

    /** Puts a post for {@code key} on the wire; false when the dispatcher is closing. Holds the lock. */
    private boolean start(String key, Runnable post) {
        return start(List.of(key), post);
    }

    /** Puts one post for {@code keys} on the wire; false when the dispatcher is closing. Holds the lock. */
    private boolean start(List<String> keys, Runnable post) {
        busyKeys.addAll(keys);
        inFlight++;
        try {
            lanes.workers().execute(post);
            return true;
        } catch (RejectedExecutionException closing) {
            busyKeys.removeAll(keys);
            inFlight--;
            return false;
        }
    }

    private void resendNow(List<SpoolEntry> firing) {
        try {
            String id = "msg_" + DeliveryIds.digest(firing.stream().map(SpoolEntry::id).toArray(String[]::new));
            String body = protocol.together(firing.stream().map(SpoolEntry::body).toList());
            Answer answer = lanes.poster().post(sink, protocol, id, body);
            if (answer != null && answer.outcome() == Answer.Outcome.DISABLED) {
                disable("answered HTTP 410 Gone", lanes.clock().instant());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "alert sink " + sink.name() + ": cannot resend its firing alerts: " + e);
        } finally {
            freeKeys(firing.stream().map(SpoolEntry::key).toList());
        }
    }

    synchronized void close() {
        closed = true;
    }
}
