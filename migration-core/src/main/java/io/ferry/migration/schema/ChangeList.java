package io.ferry.migration.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The changes of a diff as they are found, each placed at a {@link Step} and a rank within it; listed by
 * step, then rank, then the order they were found in. Changes with no SQL either way are not kept.
 */
final class ChangeList {

    private record Placed(Step step, int rank, int found, SchemaChange change) {
    }

    private final List<Placed> changes = new ArrayList<>();

    void add(Step step, int rank, SchemaChange change) {
        if (!change.forwardSql().isEmpty() || !change.reverseSql().isEmpty()) {
            changes.add(new Placed(step, rank, changes.size(), change));
        }
    }

    void add(Step step, SchemaChange change) {
        add(step, 0, change);
    }

    List<SchemaChange> toList() {
        return changes.stream()
                .sorted(Comparator.comparing(Placed::step).thenComparingInt(Placed::rank).thenComparingInt(Placed::found))
                .map(Placed::change).toList();
    }
}
