package io.ferry.migration.schema;

import java.util.HashSet;
import java.util.Set;

/**
 * The diff of what hangs on a table or view: constraints, indexes, triggers, policies. Each is dropped
 * early and added late (foreign keys after every other constraint and index, so that the keys they
 * reference exist); one that differs, or whose table or columns are rebuilt under it, is dropped and
 * added again. Comments, and when a trigger fires, change in place.
 */
final class AttachedChanges {

    private AttachedChanges() {
    }

    static void diff(SchemaSnapshot a, SchemaSnapshot b, Rebuilds forward, Rebuilds backward, DiffOptions options,
                     ChangeList out) {
        WholeObjects.of(k -> ObjectKind.CONSTRAINT, k -> k.relation() + "." + k.name(),
                        k -> k.name() + " on " + k.relation().display(), Ddl::addConstraint, Ddl::dropConstraint,
                        Step.ADD_CONSTRAINT, Step.DROP_CONSTRAINT)
                .steps(k -> foreignKey(k) ? Step.ADD_FOREIGN_KEY : Step.ADD_CONSTRAINT,
                        k -> foreignKey(k) ? Step.DROP_FOREIGN_KEY : Step.DROP_CONSTRAINT)
                .rebuiltWhen((from, to, rebuilds) -> rebuilds.constraint(from))
                .alteredBy((from, to) -> new Alteration().comment(Ddl.constraintTarget(to), from.comment(), to.comment()))
                .diff(Pair.match(a.constraints(), b.constraints(), Keys::of), forward, backward, out);
        indexes(a, b, options).diff(Pair.match(a.indexes(), b.indexes(), Keys::of), forward, backward, out);
        WholeObjects.of(t -> ObjectKind.TRIGGER, t -> t.relation() + "." + t.name(),
                        t -> t.name() + " on " + t.relation().display(), Ddl::createTrigger, Ddl::dropTrigger,
                        Step.CREATE_TRIGGER, Step.DROP_TRIGGER)
                .rebuiltWhen((from, to, rebuilds) -> rebuilds.trigger(from))
                .alteredBy(AttachedChanges::alterTrigger)
                .diff(Pair.match(a.triggers(), b.triggers(), Keys::of), forward, backward, out);
        WholeObjects.of(p -> ObjectKind.POLICY, p -> p.relation() + "." + p.name(),
                        p -> p.name() + " on " + p.relation().display(), Ddl::createPolicy, Ddl::dropPolicy,
                        Step.CREATE_POLICY, Step.DROP_POLICY)
                .rebuiltWhen((from, to, rebuilds) -> rebuilds.policy(from))
                .alteredBy((from, to) -> new Alteration().comment(Ddl.policyTarget(to), from.comment(), to.comment()))
                .diff(Pair.match(a.policies(), b.policies(), Keys::of), forward, backward, out);
    }

    /**
     * Indexes: those of materialized views go after the views are created (and before they are dropped);
     * those of tables on both sides that are not partitioned are built and dropped concurrently when the
     * options ask.
     */
    private static WholeObjects<Index> indexes(SchemaSnapshot a, SchemaSnapshot b, DiffOptions options) {
        Set<RelationName> viewsBefore = new HashSet<>();
        a.views().forEach(v -> viewsBefore.add(v.relation()));
        Set<RelationName> viewsAfter = new HashSet<>();
        b.views().forEach(v -> viewsAfter.add(v.relation()));
        Set<RelationName> concurrent = new HashSet<>();
        if (options.concurrentIndexes()) {
            for (Pair<Table> t : Pair.common(a.tables(), b.tables(), Table::relation)) {
                if (t.before().partitionKey() == null && t.after().partitionKey() == null) {
                    concurrent.add(t.before().relation());
                }
            }
        }
        return WholeObjects.<Index>of(i -> ObjectKind.INDEX, i -> i.schema() + "." + i.name(),
                        i -> Names.display(i.schema(), i.name()),
                        i -> Ddl.createIndex(i, concurrent.contains(i.relation())),
                        i -> Ddl.dropIndex(i, concurrent.contains(i.relation())), Step.CREATE_INDEX, Step.DROP_INDEX)
                .steps(i -> viewsAfter.contains(i.relation()) ? Step.CREATE_VIEW_INDEX : Step.CREATE_INDEX,
                        i -> viewsBefore.contains(i.relation()) ? Step.DROP_VIEW_INDEX : Step.DROP_INDEX)
                .transactional(i -> !concurrent.contains(i.relation()))
                .rebuiltWhen((from, to, rebuilds) -> rebuilds.index(from))
                .alteredBy((from, to) -> new Alteration().comment("INDEX " + Ddl.name(to.schema(), to.name()),
                        from.comment(), to.comment()));
    }

    private static boolean foreignKey(Constraint k) {
        return k.type() == Constraint.Type.FOREIGN_KEY;
    }

    private static Alteration alterTrigger(Trigger from, Trigger to) {
        Alteration change = new Alteration();
        if (from.firing() != to.firing()) {
            change.differs("firing", Ddl.triggerFiring(to, to.firing()));
        }
        return change.comment(Ddl.triggerTarget(to), from.comment(), to.comment());
    }
}
