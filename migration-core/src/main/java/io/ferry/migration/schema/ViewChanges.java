package io.ferry.migration.schema;

import io.ferry.migration.sql.Quote;
import java.util.List;
import java.util.Map;

/**
 * The diff of views and materialized views. Views are dropped first (those that read others before them)
 * and created last (those read before those that read them), so that the tables and columns they read
 * can change in between. A view whose query or options differ, or that reads something rebuilt or a
 * column changing type, is dropped and created again; a new comment is set in place.
 */
final class ViewChanges extends WholeObjects<View> {

    private final Map<RelationName, Integer> depthsBefore;
    private final Map<RelationName, Integer> depthsAfter;

    private ViewChanges(SchemaSnapshot a, SchemaSnapshot b) {
        this.depthsBefore = Depths.ofViews(a.views());
        this.depthsAfter = Depths.ofViews(b.views());
    }

    static void diff(SchemaSnapshot a, SchemaSnapshot b, Rebuilds forward, Rebuilds backward, ChangeList out) {
        new ViewChanges(a, b).diff(Pair.match(a.views(), b.views(), View::relation), forward, backward, out);
    }

    @Override
    ObjectKind kind(View v) {
        return v.materialized() ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW;
    }

    @Override
    String object(View v) {
        return v.relation().toString();
    }

    @Override
    String display(View v) {
        return v.relation().display();
    }

    @Override
    List<String> create(View v) {
        return Ddl.createView(v);
    }

    @Override
    List<String> drop(View v) {
        return Ddl.dropView(v);
    }

    @Override
    Step createStep(View v) {
        return Step.CREATE_VIEW;
    }

    @Override
    Step dropStep(View v) {
        return Step.DROP_VIEW;
    }

    @Override
    int createRank(View v) {
        return depthsAfter.getOrDefault(v.relation(), 0);
    }

    @Override
    int dropRank(View v) {
        return -depthsBefore.getOrDefault(v.relation(), 0);
    }

    @Override
    Reason rebuild(View from, View to, Rebuilds rebuilds) {
        return rebuilds.view(from);
    }

    @Override
    Alteration alter(View from, View to) {
        String name = to.relation().sql();
        Alteration change = new Alteration().comment(Ddl.viewWord(to) + " " + name, from.comment(), to.comment());
        for (Pair<Column> c : Pair.common(from.columns(), to.columns(), Column::name)) {
            change.comment("COLUMN " + name + "." + Quote.ident(c.after().name()), c.before().comment(),
                    c.after().comment());
        }
        return change;
    }
}
