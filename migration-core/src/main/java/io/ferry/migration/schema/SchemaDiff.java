package io.ferry.migration.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * What differs between two snapshots, as the ordered changes that turn the first schema into the second
 * and back.
 *
 * <pre>
 * List&lt;SchemaChange&gt; changes = SchemaDiff.between(live, expected, DiffOptions.defaults());
 * changes.forEach(c -&gt; System.out.println(c.description()));
 * List&lt;String&gt; up = SchemaDiff.forwardSql(changes);
 * List&lt;String&gt; down = SchemaDiff.reverseSql(changes);
 * </pre>
 *
 * The order respects what depends on what, both ways: views are dropped before the columns they read change
 * and created again after; types, sequences and functions exist before the tables that use them; foreign
 * keys come after the tables and keys they join; drops come in the reverse order of creation. The rules
 * are set out in {@code docs/schema.md}.
 */
public final class SchemaDiff {

    private SchemaDiff() {
    }

    /** The changes from {@code first} to {@code second}, with plain index builds. */
    public static List<SchemaChange> between(SchemaSnapshot first, SchemaSnapshot second) {
        return between(first, second, DiffOptions.defaults());
    }

    /** The changes from {@code first} to {@code second}; empty when the snapshots are equal. */
    public static List<SchemaChange> between(SchemaSnapshot first, SchemaSnapshot second, DiffOptions options) {
        if (first.equals(second)) {
            return List.of();
        }
        Rebuilds forward = Rebuilds.of(first, second, first);
        Rebuilds backward = Rebuilds.of(second, first, first);
        ChangeList out = new ChangeList();
        NamespaceChanges.diff(first, second, out);
        TypeChanges.diff(first, second, forward.keptTables(), out);
        SequenceChanges.diff(first, second, out);
        RoutineChanges.diff(first, second, out);
        TableChanges.diff(first, second, forward, backward, out);
        ViewChanges.diff(first, second, forward, backward, out);
        AttachedChanges.diff(first, second, forward, backward, options, out);
        return out.toList();
    }

    /** Every change's forward statements, in order: the script from the first schema to the second. */
    public static List<String> forwardSql(List<SchemaChange> changes) {
        List<String> sql = new ArrayList<>();
        changes.forEach(c -> sql.addAll(c.forwardSql()));
        return sql;
    }

    /** Every change's reverse statements, last change first: the script from the second schema back to the first. */
    public static List<String> reverseSql(List<SchemaChange> changes) {
        List<String> sql = new ArrayList<>();
        for (int i = changes.size() - 1; i >= 0; i--) {
            sql.addAll(changes.get(i).reverseSql());
        }
        return sql;
    }
}
