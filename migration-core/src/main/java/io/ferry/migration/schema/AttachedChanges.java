package io.ferry.migration.schema;

import java.util.HashSet;
import java.util.List;
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
        new Constraints().diff(Pair.match(a.constraints(), b.constraints(), Keys::of), forward, backward, out);
        new Indexes(a, b, options).diff(Pair.match(a.indexes(), b.indexes(), Keys::of), forward, backward, out);
        new Triggers().diff(Pair.match(a.triggers(), b.triggers(), Keys::of), forward, backward, out);
        new Policies().diff(Pair.match(a.policies(), b.policies(), Keys::of), forward, backward, out);
    }

    private static final class Constraints extends WholeObjects<Constraint> {

        @Override
        ObjectKind kind(Constraint k) {
            return ObjectKind.CONSTRAINT;
        }

        @Override
        String object(Constraint k) {
            return k.relation() + "." + k.name();
        }

        @Override
        String display(Constraint k) {
            return k.name() + " on " + k.relation().display();
        }

        @Override
        List<String> create(Constraint k) {
            return Ddl.addConstraint(k);
        }

        @Override
        List<String> drop(Constraint k) {
            return Ddl.dropConstraint(k);
        }

        @Override
        Step createStep(Constraint k) {
            return k.type() == Constraint.Type.FOREIGN_KEY ? Step.ADD_FOREIGN_KEY : Step.ADD_CONSTRAINT;
        }

        @Override
        Step dropStep(Constraint k) {
            return k.type() == Constraint.Type.FOREIGN_KEY ? Step.DROP_FOREIGN_KEY : Step.DROP_CONSTRAINT;
        }

        @Override
        Reason rebuild(Constraint from, Constraint to, Rebuilds rebuilds) {
            return rebuilds.constraint(from);
        }

        @Override
        Alteration alter(Constraint from, Constraint to) {
            return new Alteration().comment(Ddl.constraintTarget(to), from.comment(), to.comment());
        }
    }

    private static final class Indexes extends WholeObjects<Index> {

        private final Set<RelationName> viewsBefore = new HashSet<>();
        private final Set<RelationName> viewsAfter = new HashSet<>();
        /** The tables whose indexes are built and dropped concurrently: on both sides, not partitioned. */
        private final Set<RelationName> concurrent = new HashSet<>();

        Indexes(SchemaSnapshot a, SchemaSnapshot b, DiffOptions options) {
            a.views().forEach(v -> viewsBefore.add(v.relation()));
            b.views().forEach(v -> viewsAfter.add(v.relation()));
            if (options.concurrentIndexes()) {
                for (Pair<Table> t : Pair.common(a.tables(), b.tables(), Table::relation)) {
                    if (t.before().partitionKey() == null && t.after().partitionKey() == null) {
                        concurrent.add(t.before().relation());
                    }
                }
            }
        }

        @Override
        ObjectKind kind(Index i) {
            return ObjectKind.INDEX;
        }

        @Override
        String object(Index i) {
            return i.schema() + "." + i.name();
        }

        @Override
        String display(Index i) {
            return Names.display(i.schema(), i.name());
        }

        @Override
        List<String> create(Index i) {
            return Ddl.createIndex(i, concurrently(i));
        }

        @Override
        List<String> drop(Index i) {
            return Ddl.dropIndex(i, concurrently(i));
        }

        @Override
        Step createStep(Index i) {
            return viewsAfter.contains(i.relation()) ? Step.CREATE_VIEW_INDEX : Step.CREATE_INDEX;
        }

        @Override
        Step dropStep(Index i) {
            return viewsBefore.contains(i.relation()) ? Step.DROP_VIEW_INDEX : Step.DROP_INDEX;
        }

        @Override
        boolean transactional(Index i) {
            return !concurrently(i);
        }

        @Override
        Reason rebuild(Index from, Index to, Rebuilds rebuilds) {
            return rebuilds.index(from);
        }

        @Override
        Alteration alter(Index from, Index to) {
            return new Alteration().comment("INDEX " + Ddl.name(to.schema(), to.name()), from.comment(), to.comment());
        }

        private boolean concurrently(Index i) {
            return concurrent.contains(i.relation());
        }
    }

    private static final class Triggers extends WholeObjects<Trigger> {

        @Override
        ObjectKind kind(Trigger t) {
            return ObjectKind.TRIGGER;
        }

        @Override
        String object(Trigger t) {
            return t.relation() + "." + t.name();
        }

        @Override
        String display(Trigger t) {
            return t.name() + " on " + t.relation().display();
        }

        @Override
        List<String> create(Trigger t) {
            return Ddl.createTrigger(t);
        }

        @Override
        List<String> drop(Trigger t) {
            return Ddl.dropTrigger(t);
        }

        @Override
        Step createStep(Trigger t) {
            return Step.CREATE_TRIGGER;
        }

        @Override
        Step dropStep(Trigger t) {
            return Step.DROP_TRIGGER;
        }

        @Override
        Reason rebuild(Trigger from, Trigger to, Rebuilds rebuilds) {
            return rebuilds.trigger(from);
        }

        @Override
        Alteration alter(Trigger from, Trigger to) {
            Alteration change = new Alteration();
            if (from.firing() != to.firing()) {
                change.differs("firing", Ddl.triggerFiring(to, to.firing()));
            }
            return change.comment(Ddl.triggerTarget(to), from.comment(), to.comment());
        }
    }

    private static final class Policies extends WholeObjects<Policy> {

        @Override
        ObjectKind kind(Policy p) {
            return ObjectKind.POLICY;
        }

        @Override
        String object(Policy p) {
            return p.relation() + "." + p.name();
        }

        @Override
        String display(Policy p) {
            return p.name() + " on " + p.relation().display();
        }

        @Override
        List<String> create(Policy p) {
            return Ddl.createPolicy(p);
        }

        @Override
        List<String> drop(Policy p) {
            return Ddl.dropPolicy(p);
        }

        @Override
        Step createStep(Policy p) {
            return Step.CREATE_POLICY;
        }

        @Override
        Step dropStep(Policy p) {
            return Step.DROP_POLICY;
        }

        @Override
        Reason rebuild(Policy from, Policy to, Rebuilds rebuilds) {
            return rebuilds.policy(from);
        }

        @Override
        Alteration alter(Policy from, Policy to) {
            return new Alteration().comment(Ddl.policyTarget(to), from.comment(), to.comment());
        }
    }
}
