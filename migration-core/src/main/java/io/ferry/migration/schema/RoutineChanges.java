package io.ferry.migration.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The diff of functions and procedures, matched by schema, name and arguments. A changed body is replaced
 * in place ({@code CREATE OR REPLACE}); a changed result type or kind cannot be, so the routine is dropped
 * and created in one change, after the triggers and views that call it are out of the way.
 */
final class RoutineChanges {

    private RoutineChanges() {
    }

    static void diff(SchemaSnapshot a, SchemaSnapshot b, ChangeList out) {
        WholeObjects.of(r -> r.kind() == Routine.Kind.PROCEDURE ? ObjectKind.PROCEDURE : ObjectKind.FUNCTION,
                        r -> r.schema() + "." + r.name() + "(" + r.arguments() + ")",
                        r -> Names.display(r.schema(), r.name()) + "(" + r.arguments() + ")",
                        Ddl::createRoutine, Ddl::dropRoutine, Step.CREATE_ROUTINE, Step.DROP_ROUTINE)
                .alteredBy(RoutineChanges::alter)
                .diff(Pair.match(a.routines(), b.routines(), Keys::of), null, null, out);
    }

    /** Whether going from one to the other needs a drop first: {@code CREATE OR REPLACE} cannot change these. */
    static boolean rebuilds(Routine from, Routine to) {
        return from.kind() != to.kind() || !Objects.equals(from.result(), to.result());
    }

    private static Alteration alter(Routine from, Routine to) {
        Alteration change = new Alteration();
        if (rebuilds(from, to)) {
            List<String> sql = new ArrayList<>(Ddl.dropRoutine(from));
            sql.addAll(Ddl.createRoutine(to));
            return change.differs(from.kind() != to.kind() ? "kind" : "result type", sql);
        }
        if (!from.definition().equals(to.definition())) {
            List<String> sql = new ArrayList<>(Ddl.bodyCheckOff(to));
            sql.add(to.definition());
            change.differs("definition", sql);
        }
        return change.comment(Ddl.routineWord(to) + " " + Ddl.routineName(to), from.comment(), to.comment());
    }
}
