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

    static View of(View v) {
        return new View(v.schema(), v.name(), v.materialized(), v.definition(), v.options(),
                v.columns().stream().map(c -> new Column(c.name(), c.type(), c.collation(), null, false,
                        Column.Identity.NONE, null, null)).toList(), v.dependsOn(), v.columnsRead(), null);
    }

    /** What makes a table a partitioned table, a partition of one, or neither: key, parent, bound. */
    static List<Object> partitioning(Table t) {
        return Arrays.asList(t.partitionKey(), t.partitionOf(), t.partitionBound());
    }
}
