package io.ferry.migration.schema;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How deep each table or view sits in what it depends on within one snapshot: 0 for one that depends on
 * none of its kind, one more than the deepest of those it does. Creating in rising depth, and dropping in
 * falling depth, puts each after (or before) what it needs.
 */
final class Depths {

    private Depths() {
    }

    /** Views by how deep they read other views. */
    static Map<RelationName, Integer> ofViews(List<View> views) {
        Map<RelationName, List<RelationName>> needs = new HashMap<>();
        views.forEach(v -> needs.put(v.relation(), v.dependsOn()));
        return of(needs);
    }

    /** Tables by how deep they are partitions of partitions. */
    static Map<RelationName, Integer> ofTables(List<Table> tables) {
        Map<RelationName, List<RelationName>> needs = new HashMap<>();
        tables.forEach(t -> needs.put(t.relation(), t.partitionOf() == null ? List.of() : List.of(t.partitionOf())));
        return of(needs);
    }

    private static Map<RelationName, Integer> of(Map<RelationName, List<RelationName>> needs) {
        Map<RelationName, Integer> depths = new HashMap<>();
        for (RelationName name : needs.keySet()) {
            depth(name, needs, depths, new HashSet<>());
        }
        return depths;
    }

    private static int depth(RelationName name, Map<RelationName, List<RelationName>> needs,
                             Map<RelationName, Integer> depths, Set<RelationName> visiting) {
        Integer known = depths.get(name);
        if (known != null) {
            return known;
        }
        if (!needs.containsKey(name) || !visiting.add(name)) {
            return -1; // not of this kind (a table a view reads), or a cycle, which the catalogs never hold
        }
        int depth = 0;
        for (RelationName needed : needs.get(name)) {
            depth = Math.max(depth, depth(needed, needs, depths, visiting) + 1);
        }
        depths.put(name, depth);
        return depth;
    }
}
