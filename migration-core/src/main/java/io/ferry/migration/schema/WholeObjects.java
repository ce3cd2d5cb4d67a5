package io.ferry.migration.schema;

import io.ferry.migration.schema.SchemaChange.Action;
import java.util.List;

/**
 * How the diff treats one kind of object: created when only the second snapshot has it, dropped when only
 * the first does, changed in place when both have it and it can be, and otherwise dropped and created
 * again, the drop at its kind's dropping step and the creation at its creating step so that what lies
 * between (a column changing type, say) finds it out of the way. Subclasses say how to name, create, drop
 * and alter the objects, where they go in the order, and why one must be rebuilt.
 */
abstract class WholeObjects<T> {

    abstract ObjectKind kind(T t);

    /** The object's full name, for {@link SchemaChange#object()}. */
    abstract String object(T t);

    /** The object's name in descriptions. */
    abstract String display(T t);

    abstract List<String> create(T t);

    abstract List<String> drop(T t);

    abstract Step createStep(T t);

    abstract Step dropStep(T t);

    /** Where in-place changes go; the creating step unless said otherwise. */
    Step alterStep(T t) {
        return createStep(t);
    }

    int createRank(T t) {
        return 0;
    }

    int dropRank(T t) {
        return 0;
    }

    int alterRank(T t) {
        return createRank(t);
    }

    boolean dropLosesData(T t) {
        return false;
    }

    /** Whether its statements may share a transaction with others. */
    boolean transactional(T t) {
        return true;
    }

    /**
     * Why the object must be dropped and created again to go from {@code from} to {@code to} (the way
     * {@code rebuilds} describes); null when it need not be.
     */
    Reason rebuild(T from, T to, Rebuilds rebuilds) {
        return null;
    }

    /** What changes in place, going from {@code from} to {@code to}. */
    Alteration alter(T from, T to) {
        return new Alteration();
    }

    /** Adds the changes between the two sides' objects of this kind to {@code out}. */
    final void diff(List<Pair<T>> pairs, Rebuilds forward, Rebuilds backward, ChangeList out) {
        for (Pair<T> p : pairs) {
            T a = p.before();
            T b = p.after();
            if (b == null) {
                out.add(dropStep(a), dropRank(a), new SchemaChange(kind(a), Action.DROP, object(a),
                        kind(a).word() + " " + display(a) + " is extra", drop(a), create(a), true, dropLosesData(a),
                        false, transactional(a)));
            } else if (a == null) {
                out.add(createStep(b), createRank(b), new SchemaChange(kind(b), Action.CREATE, object(b),
                        kind(b).word() + " " + display(b) + " is missing", create(b), drop(b), true, false,
                        dropLosesData(b), transactional(b)));
            } else {
                both(a, b, rebuild(a, b, forward), rebuild(b, a, backward), out);
            }
        }
    }

    private void both(T a, T b, Reason forward, Reason backward, ChangeList out) {
        String name = kind(b).word() + " " + display(b);
        if (forward != null || backward != null) {
            Reason reason = forward != null ? forward : backward;
            boolean transactional = transactional(a) && transactional(b);
            out.add(dropStep(a), dropRank(a), new SchemaChange(kind(a), Action.DROP, object(a),
                    name + (reason.own() ? ": " + reason.text() + ", dropped first" : ": dropped while " + reason.text()),
                    forward != null ? drop(a) : List.of(), backward != null ? create(a) : List.of(), false,
                    forward != null && dropLosesData(a), false, transactional));
            out.add(createStep(b), createRank(b), new SchemaChange(kind(b), Action.CREATE, object(b),
                    name + (reason.own() ? ": " + reason.text() : ": created again after " + reason.text()),
                    forward != null ? create(b) : List.of(), backward != null ? drop(b) : List.of(), reason.own(),
                    false, backward != null && dropLosesData(b), transactional));
        }
        if (forward == null || backward == null) {
            Alteration there = alter(a, b);
            Alteration back = alter(b, a);
            if (!there.isEmpty()) {
                out.add(alterStep(b), alterRank(b), new SchemaChange(kind(b), Action.ALTER, object(b),
                        name + ": " + there.describe(), forward == null ? there.sql() : List.of(),
                        backward == null ? back.sql() : List.of(), true, forward == null && there.losesData(),
                        backward == null && back.losesData(), there.transactional() && back.transactional()));
            }
        }
    }
}
