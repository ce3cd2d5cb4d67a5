package io.ferry.migration.schema;

import io.ferry.migration.sql.Quote;
import java.util.Map;

/**
 * The diff of views and materialized views. Views are dropped first (those that read others before them)
 * and created last (those read before those that read them), so that the tables and columns they read
 * can change in between. A view whose query or options differ, or that reads something rebuilt or a
 * column changing type, is dropped and created again; a new comment is set in place.
 */
final class ViewChanges {

    private ViewChanges() {
    }

    static void diff(SchemaSnapshot a, SchemaSnapshot b, Rebuilds forward, Rebuilds backward, ChangeList out) {
        Map<RelationName, Integer> depthsBefore = Depths.ofViews(a.views());
        Map<RelationName, Integer> depthsAfter = Depths.ofViews(b.views());
        WholeObjects.of(v -> v.materialized() ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW,
                        v -> v.relation().toString(), v -> v.relation().display(), Ddl::createView, Ddl::dropView,
                        Step.CREATE_VIEW, Step.DROP_VIEW)
                .ranks(v -> depthsAfter.getOrDefault(v.relation(), 0), v -> -depthsBefore.getOrDefault(v.relation(), 0))
                .rebuiltWhen((from, to, rebuilds) -> rebuilds.view(from))
                .alteredBy(ViewChanges::alter)
                .diff(Pair.match(a.views(), b.views(), View::relation), forward, backward, out);
    }

    private static Alteration alter(View from, View to) {
        String name = to.relation().sql();
        Alteration change = new Alteration().comment(Ddl.viewWord(to) + " " + name, from.comment(), to.comment());
        for (Pair<Column> c : Pair.common(from.columns(), to.columns(), Column::name)) {
            change.comment("COLUMN " + name + "." + Quote.ident(c.after().name()), c.before().comment(),
                    c.after().comment());
        }
        return change;
    }
}
