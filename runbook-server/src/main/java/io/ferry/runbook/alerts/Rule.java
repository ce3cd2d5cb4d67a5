package io.ferry.runbook.alerts;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Severity;
import io.ferry.runbook.snapshot.Snapshot;
import java.util.List;
import java.util.Set;

/**
 * One alert rule over the live {@link Snapshot}: which of its alerts fire now. A rule is a pure function of
 * the snapshot (its {@code generatedAt} is "now"), so the same snapshot gives the same alerts on every replica.
 */
public interface Rule {

    /** The rule's name: the first part of its alerts' keys. */
    String name();

    Severity severity();

    /**
     * Whether the snapshot can tell anything about this rule; when not (the database did not answer), the rule's
     * alerts stay as they were.
     */
    default boolean evaluable(Snapshot snapshot) {
        return snapshot.database().reachable();
    }

    /**
     * The alerts that fire in {@code snapshot}.
     *
     * @param active the keys of this rule's alerts firing before: a rule may keep one of them firing by returning
     *               an alert of the same key (its first firing is what stays on record)
     */
    List<Alert> firing(Snapshot snapshot, RuleContext context, Set<String> active);
}
