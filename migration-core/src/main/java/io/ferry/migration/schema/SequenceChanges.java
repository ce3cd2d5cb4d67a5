package io.ferry.migration.schema;

import io.ferry.migration.schema.SchemaChange.Action;
import java.util.List;
import java.util.Objects;

/**
 * The diff of sequences. A sequence is created before the tables whose defaults use it and dropped after
 * them; the column that owns it (a {@code serial} column's) is a separate change, let go of before tables
 * change and taken up after, since the column may come and go with its table.
 */
final class SequenceChanges {

    private SequenceChanges() {
    }

    static void diff(SchemaSnapshot a, SchemaSnapshot b, ChangeList out) {
        List<Pair<Sequence>> pairs = Pair.match(a.sequences(), b.sequences(), Keys::of);
        WholeObjects.of(s -> ObjectKind.SEQUENCE, s -> s.relation().toString(), s -> s.relation().display(),
                        Ddl::createSequence, Ddl::dropSequence, Step.CREATE_SEQUENCE, Step.DROP_SEQUENCE)
                .alteredBy(SequenceChanges::alter)
                .diff(pairs, null, null, out);
        for (Pair<Sequence> p : pairs) {
            ColumnRef before = p.before() == null ? null : p.before().ownedBy();
            ColumnRef after = p.after() == null ? null : p.after().ownedBy();
            if (Objects.equals(before, after)) {
                continue;
            }
            boolean inBoth = p.before() != null && p.after() != null;
            if (before != null) {
                Sequence s = p.before();
                out.add(Step.RELEASE_OWNERSHIP, new SchemaChange(ObjectKind.SEQUENCE, Action.ALTER, s.relation().toString(),
                        "sequence " + s.relation().display() + ": let go by column " + before.table() + "."
                                + before.column(), List.of(Ddl.ownedBy(s, null)), List.of(Ddl.ownedBy(s, before)),
                        false, false, false, true));
            }
            if (after != null) {
                Sequence s = p.after();
                out.add(Step.SET_OWNERSHIP, new SchemaChange(ObjectKind.SEQUENCE, Action.ALTER, s.relation().toString(),
                        "sequence " + s.relation().display() + (inBoth ? ": owner differs" : ": owned by column "
                                + after.table() + "." + after.column()), List.of(Ddl.ownedBy(s, after)),
                        List.of(Ddl.ownedBy(s, null)), inBoth, false, false, true));
            }
        }
    }

    private static Alteration alter(Sequence from, Sequence to) {
        Alteration change = new Alteration();
        if (!Ddl.sequenceOptions(from).equals(Ddl.sequenceOptions(to))) {
            change.differs("settings", "ALTER SEQUENCE " + to.relation().sql() + Ddl.sequenceOptions(to));
        }
        return change.comment("SEQUENCE " + to.relation().sql(), from.comment(), to.comment());
    }
}
