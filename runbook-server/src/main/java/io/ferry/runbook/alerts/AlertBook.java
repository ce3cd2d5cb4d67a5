package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Which alerts fire, and which resolved lately: the rules' memory. Each evaluation of a rule is compared with the
 * alerts of that rule firing before ({@link #settle}): a new key fires, a key gone resolves, a key still there
 * changes nothing (its first firing stays on record and is not sent again). Rules not evaluated keep their alerts.
 * A change is recorded only once it was handed over (to the spool: the outbox), and then written to a
 * {@link BookFile}: a change that could not be handed over is tried again at the next evaluation, and a server
 * killed in between finds the change unrecorded and hands it over again, which the deliveries' deterministic
 * ids make harmless. So a restarted server neither loses an alert nor sends one twice.
 */
public final class AlertBook {

    private static final Logger LOG = Logger.getLogger(AlertBook.class);

    /** How many resolved alerts are kept. */
    static final int RESOLVED = 50;

    private final BookFile file;
    private final Map<String, Alert> active = new LinkedHashMap<>();
    private final LinkedList<Alert> resolved = new LinkedList<>();

    /** The book as {@code file} last saved it (empty when there is none). */
    public AlertBook(BookFile file) {
        this.file = file;
        BookFile.State saved = file.read();
        saved.active().forEach(a -> active.put(a.key(), a));
        resolved.addAll(saved.resolved());
    }

    /**
     * Records one evaluation of {@code rule}: what fires now. Each transition (firings first, then resolves) is
     * handed to {@code handOver} and recorded only when that returns; one that throws is left unrecorded.
     *
     * @param at when the evaluation saw it: the end of each alert that resolves
     * @return the transitions handed over
     */
    public synchronized List<Alert> settle(String rule, Collection<Alert> firing, Instant at, Consumer<Alert> handOver) {
        List<Alert> handed = new ArrayList<>();
        Set<String> keys = firing.stream().map(Alert::key).collect(Collectors.toSet());
        for (Alert alert : firing) {
            if (!active.containsKey(alert.key()) && handedOver(alert, handOver)) {
                active.put(alert.key(), alert);
                handed.add(alert);
            }
        }
        List<Alert> ended = active.values().stream().filter(a -> a.rule().equals(rule) && !keys.contains(a.key()))
                .toList();
        for (Alert alert : ended) {
            Alert done = alert.resolvedAt(at);
            if (handedOver(done, handOver)) {
                active.remove(alert.key());
                resolved.addFirst(done);
                handed.add(done);
            }
        }
        while (resolved.size() > RESOLVED) {
            resolved.removeLast();
        }
        if (!handed.isEmpty()) {
            file.write(new BookFile.State(List.copyOf(active.values()), List.copyOf(resolved)));
        }
        return handed;
    }

    private static boolean handedOver(Alert transition, Consumer<Alert> handOver) {
        try {
            handOver.accept(transition);
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Alert %s %s could not be handed to the sinks; the next evaluation tries again: %s",
                    transition.key(), transition.firing() ? "firing" : "resolved", e.getMessage());
            return false;
        }
    }

    /** The alerts firing, oldest first. */
    public synchronized List<Alert> active() {
        return List.copyOf(active.values());
    }

    /** The keys of {@code rule}'s alerts firing. */
    public synchronized Set<String> activeKeys(String rule) {
        return active.values().stream().filter(a -> a.rule().equals(rule)).map(Alert::key).collect(Collectors.toSet());
    }

    /** The alerts resolved lately, newest first. */
    public synchronized List<Alert> resolved() {
        return List.copyOf(resolved);
    }

    /** Whether an alert of {@code rule} fires. */
    public synchronized boolean firing(String rule) {
        return active.values().stream().anyMatch(a -> a.rule().equals(rule));
    }
}
