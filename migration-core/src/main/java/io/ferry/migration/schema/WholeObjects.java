package io.ferry.migration.schema;

import io.ferry.migration.schema.SchemaChange.Action;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * How the diff treats one kind of object: created when only the second snapshot has it, dropped when only
 * the first does, changed in place when both have it and it can be, and otherwise dropped and created
 * again, the drop at its kind's dropping step and the creation at its creating step so that what lies
 * between (a column changing type, say) finds it out of the way. Each kind says how its objects are
 * named, created and dropped and at which steps; and, where it applies, how they change in place, why
 * one must be rebuilt, their rank within a step, and whether dropping one loses data.
 */
final class WholeObjects<T> {

    /** Why an object must be dropped and created again to go from {@code from} to {@code to}; null if not. */
    @FunctionalInterface
    interface Rebuild<T> {
        Reason of(T from, T to, Rebuilds rebuilds);
    }

    private final Function<T, ObjectKind> kind;
    private final Function<T, String> object;
    private final Function<T, String> display;
    private final Function<T, List<String>> create;
    private final Function<T, List<String>> drop;
    private Function<T, Step> createStep;
    private Function<T, Step> dropStep;
    private Function<T, Step> alterStep;
    private ToIntFunction<T> createRank = t -> 0;
    private ToIntFunction<T> dropRank = t -> 0;
    private ToIntFunction<T> alterRank;
    private Predicate<T> dropLosesData = t -> false;
    private Predicate<T> transactional = t -> true;
    private Rebuild<T> rebuild = (from, to, rebuilds) -> null;
    private BiFunction<T, T, Alteration> alter = (from, to) -> new Alteration();

    private WholeObjects(Function<T, ObjectKind> kind, Function<T, String> object, Function<T, String> display,
                         Function<T, List<String>> create, Function<T, List<String>> drop) {
        this.kind = kind;
        this.object = object;
        this.display = display;
        this.create = create;
        this.drop = drop;
    }

    /**
     * A kind of object: what {@link SchemaChange#kind()} says of one, its full name (for
     * {@link SchemaChange#object()}), its name in descriptions, its creating and dropping statements, and
     * the steps those go at. In-place changes go at the creating step, with the same rank.
     */
    static <T> WholeObjects<T> of(Function<T, ObjectKind> kind, Function<T, String> object, Function<T, String> display,
                                  Function<T, List<String>> create, Function<T, List<String>> drop,
                                  Step createStep, Step dropStep) {
        return new WholeObjects<>(kind, object, display, create, drop).steps(t -> createStep, t -> dropStep);
    }

    /** The steps creating and dropping go at, when they depend on the object. */
    WholeObjects<T> steps(Function<T, Step> createAt, Function<T, Step> dropAt) {
        this.createStep = createAt;
        this.dropStep = dropAt;
        return this;
    }

    /** The ranks within their steps of creating and dropping (0 for all by default). */
    WholeObjects<T> ranks(ToIntFunction<T> createAt, ToIntFunction<T> dropAt) {
        this.createRank = createAt;
        this.dropRank = dropAt;
        return this;
    }

    /** Where in-place changes go, when not with the creation. */
    WholeObjects<T> alterAt(Step step, ToIntFunction<T> rank) {
        this.alterStep = t -> step;
        this.alterRank = rank;
        return this;
    }

    WholeObjects<T> dropLosesData(Predicate<T> loses) {
        this.dropLosesData = loses;
        return this;
    }

    /** Whether an object's statements may share a transaction with others (yes by default). */
    WholeObjects<T> transactional(Predicate<T> may) {
        this.transactional = may;
        return this;
    }

    WholeObjects<T> rebuiltWhen(Rebuild<T> why) {
        this.rebuild = why;
        return this;
    }

    /** What changes in place, going from one object to the other (nothing by default). */
    WholeObjects<T> alteredBy(BiFunction<T, T, Alteration> changes) {
        this.alter = changes;
        return this;
    }

    /**
     * Adds the changes between the two sides' objects of this kind to {@code out}; {@code forward} and
     * {@code backward} (which may be null for kinds never rebuilt for another's sake) say what each direction
     * rebuilds.
     */
    void diff(List<Pair<T>> pairs, Rebuilds forward, Rebuilds backward, ChangeList out) {
        for (Pair<T> p : pairs) {
            T a = p.before();
            T b = p.after();
            if (b == null) {
                out.add(dropStep.apply(a), dropRank.applyAsInt(a), new SchemaChange(kind.apply(a), Action.DROP,
                        object.apply(a), name(a) + " is extra", drop.apply(a), create.apply(a), true,
                        dropLosesData.test(a), false, transactional.test(a)));
            } else if (a == null) {
                out.add(createStep.apply(b), createRank.applyAsInt(b), new SchemaChange(kind.apply(b), Action.CREATE,
                        object.apply(b), name(b) + " is missing", create.apply(b), drop.apply(b), true, false,
                        dropLosesData.test(b), transactional.test(b)));
            } else {
                both(a, b, rebuild.of(a, b, forward), rebuild.of(b, a, backward), out);
            }
        }
    }

    private void both(T a, T b, Reason forward, Reason backward, ChangeList out) {
        String name = name(b);
        String object = this.object.apply(b);
        if (forward != null || backward != null) {
            Reason reason = forward != null ? forward : backward;
            boolean transactional = this.transactional.test(a) && this.transactional.test(b);
            out.add(dropStep.apply(a), dropRank.applyAsInt(a), new SchemaChange(kind.apply(a), Action.DROP, object,
                    name + (reason.own() ? ": " + reason.text() + ", dropped first" : ": dropped while " + reason.text()),
                    forward != null ? drop.apply(a) : List.of(), backward != null ? create.apply(a) : List.of(), false,
                    forward != null && dropLosesData.test(a), false, transactional));
            out.add(createStep.apply(b), createRank.applyAsInt(b), new SchemaChange(kind.apply(b), Action.CREATE, object,
                    name + (reason.own() ? ": " + reason.text() : ": created again after " + reason.text()),
                    forward != null ? create.apply(b) : List.of(), backward != null ? drop.apply(b) : List.of(),
                    reason.own(), false, backward != null && dropLosesData.test(b), transactional));
        }
        if (forward == null || backward == null) {
            Alteration there = alter.apply(a, b);
            Alteration back = alter.apply(b, a);
            if (!there.isEmpty()) {
                Step step = alterStep != null ? alterStep.apply(b) : createStep.apply(b);
                int rank = alterRank != null ? alterRank.applyAsInt(b) : createRank.applyAsInt(b);
                out.add(step, rank, new SchemaChange(kind.apply(b), Action.ALTER, object, name + ": " + there.describe(),
                        forward == null ? there.sql() : List.of(), backward == null ? back.sql() : List.of(), true,
                        forward == null && there.losesData(), backward == null && back.losesData(),
                        there.transactional() && back.transactional()));
            }
        }
    }

    /** {@code index documents_created_at_idx}. */
    private String name(T t) {
        return kind.apply(t).word() + " " + display.apply(t);
    }
}
