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
import java.util.stream.Collectors;

/**
 * Which alerts fire, and which resolved lately: the rules' memory. Each evaluation of a rule is compared with the
 * alerts of that rule firing before ({@link #settle}): a new key fires, a key gone resolves, a key still there
 * changes nothing (its first firing stays on record and is not sent again). Rules not evaluated keep their alerts.
 * Every change is written to a {@link BookFile} before it is returned, so a restarted server neither sends an
 * alert again nor forgets one that fires.
 */
public final class AlertBook {

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
     * Records one evaluation of {@code rule}: what fires now.
     *
     * @param at when the evaluation saw it: the end of each alert that resolves
     * @return the transitions to send, firings first, then resolves
     */
    public synchronized List<Alert> settle(String rule, Collection<Alert> firing, Instant at) {
        List<Alert> transitions = new ArrayList<>();
        Set<String> keys = firing.stream().map(Alert::key).collect(Collectors.toSet());
        for (Alert alert : firing) {
            if (active.putIfAbsent(alert.key(), alert) == null) {
                transitions.add(alert);
            }
        }
        List<Alert> ended = active.values().stream().filter(a -> a.rule().equals(rule) && !keys.contains(a.key()))
                .toList();
        for (Alert alert : ended) {
            active.remove(alert.key());
            Alert done = alert.resolvedAt(at);
            resolved.addFirst(done);
            transitions.add(done);
        }
        while (resolved.size() > RESOLVED) {
            resolved.removeLast();
        }
        if (!transitions.isEmpty()) {
            file.write(new BookFile.State(List.copyOf(active.values()), List.copyOf(resolved)));
        }
        return transitions;
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
