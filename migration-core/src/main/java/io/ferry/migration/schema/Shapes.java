package io.ferry.migration.schema;

import java.util.Arrays;
import java.util.List;

/**
 * Objects without what can change in place (comments, chiefly): two objects of one shape need no rebuild
 * to turn one into the other.
 */
final class Shapes {

    private Shapes() {
    }

    static Constraint of(Constraint k) {
        return new Constraint(k.schema(), k.table(), k.name(), k.type(), k.definition(), k.deferrable(), k.deferred(),
                k.references(), null);
    }

    static Policy of(Policy p) {
        return new Policy(p.schema(), p.table(), p.name(), p.permissive(), p.command(), p.roles(), p.using(),
                p.withCheck(), null);
    }

    /** What a view's query makes it: its kind, query and options (its columns and what it reads follow). */
    static List<Object> of(View v) {
        return List.of(v.materialized(), v.definition(), v.options());
    }

    /** A view's columns as its query makes them: names, types and collations. */
    static List<Column> columns(View v) {
        return v.columns().stream().map(c -> new Column(c.name(), c.type(), c.collation(), null, false,
                Column.Identity.NONE, null, null)).toList();
    }

    /** What makes a table a partitioned table, a partition of one, or neither: key, parent, bound. */
    static List<Object> partitioning(Table t) {
        return Arrays.asList(t.partitionKey(), t.partitionOf(), t.partitionBound());
    }
}
