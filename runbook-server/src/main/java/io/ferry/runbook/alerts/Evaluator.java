package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Severity;
import io.ferry.runbook.snapshot.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Runs the rules and sends what changes: the snapshot rules on each snapshot, when this replica leads and the
 * database answered; {@code database-unreachable} on each probe, on every replica. Each transition goes to the sink
 * (the spool) first and is recorded in the book once it is there (see {@link AlertBook}). Plain Java: the server's
 * {@link ServerAlerts} feeds it.
 */
public final class Evaluator {

    private static final Logger LOG = Logger.getLogger(Evaluator.class);

    private final List<Rule> rules;
    private final UnreachableRule unreachable;
    private final RuleContext context;
    private final AlertBook book;
    private final AlertSink sink;
    private final Leadership leadership;

    Evaluator(List<Rule> rules, UnreachableRule unreachable, RuleContext context, AlertBook book, AlertSink sink,
              Leadership leadership) {
        this.rules = List.copyOf(rules);
        this.unreachable = unreachable;
        this.context = context;
        this.book = book;
        this.sink = sink;
        this.leadership = leadership;
    }

    /** The snapshot rules, in the order they are evaluated. */
    static List<Rule> snapshotRules() {
        return List.of(new MigrationFailedRule(), new MigrationStuckRule(), new SchemaOutOfSyncRule(),
                new BackfillFailedRule(), new BackfillStalledRule());
    }

    /** Every rule's name and severity, {@code database-unreachable} included. */
    static Map<String, Severity> severities() {
        Map<String, Severity> all = new LinkedHashMap<>();
        snapshotRules().forEach(r -> all.put(r.name(), r.severity()));
        all.put(UnreachableRule.NAME, UnreachableRule.SEVERITY);
        return all;
    }

    /**
     * Evaluates the snapshot rules on {@code snapshot} when this replica leads. While the database does not answer
     * nothing is evaluated (and the lead is not tried): the rules keep their state.
     */
    public synchronized void evaluate(Snapshot snapshot) {
        if (!snapshot.database().reachable() || !leadership.lead()) {
            return;
        }
        for (Rule rule : rules) {
            if (rule.evaluable(snapshot)) {
                book.settle(rule.name(), rule.firing(snapshot, context, book.activeKeys(rule.name())),
                        snapshot.generatedAt(), this::send);
            }
        }
    }

    /** Settles {@code database-unreachable} after a probe, leader or not. */
    public synchronized void probed(ProbeResult probe) {
        unreachable.probed(probe, context).ifPresent(firing -> book.settle(UnreachableRule.NAME, firing, probe.at(),
                this::send));
    }

    /** Whether this replica evaluated the snapshot rules last time it tried. */
    public boolean leader() {
        return leadership.leader();
    }

    public AlertBook book() {
        return book;
    }

    /** Hands one transition to the sinks (the spool); throws when it could not, so the book leaves it unrecorded. */
    private void send(Alert alert) {
        sink.send(alert);
        LOG.infof("Alert %s %s: %s", alert.key(), alert.firing() ? "firing" : "resolved", alert.summary());
    }
}
