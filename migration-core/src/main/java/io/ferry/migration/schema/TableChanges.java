package io.ferry.migration.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The diff of tables: created (partitioned tables before their partitions) and dropped (partitions first)
 * whole; a table whose partitioning changes is dropped and created again, losing its rows, since
 * PostgreSQL cannot change it in place. A table both sides keep changes its columns (see
 * {@link ColumnChanges}), logging, row-level security and comment in place, after its columns.
 */
final class TableChanges {

    private TableChanges() {
    }

    static void diff(SchemaSnapshot a, SchemaSnapshot b, Rebuilds forward, Rebuilds backward, ChangeList out) {
        List<Pair<Table>> pairs = Pair.match(a.tables(), b.tables(), Table::relation);
        Map<RelationName, Integer> ranks = new HashMap<>();
        for (Pair<Table> p : pairs) {
            Table t = p.after() != null ? p.after() : p.before();
            ranks.put(t.relation(), ranks.size() * ColumnChanges.RANKS);
        }
        Map<RelationName, Integer> depthsBefore = Depths.ofTables(a.tables());
        Map<RelationName, Integer> depthsAfter = Depths.ofTables(b.tables());
        WholeObjects.of(t -> ObjectKind.TABLE, t -> t.relation().toString(), t -> t.relation().display(),
                        Ddl::createTable, Ddl::dropTable, Step.CREATE_TABLE, Step.DROP_TABLE)
                .ranks(t -> depthsAfter.getOrDefault(t.relation(), 0), t -> -depthsBefore.getOrDefault(t.relation(), 0))
                .alterAt(Step.ALTER_TABLE, t -> ranks.get(t.relation()) + ColumnChanges.RANKS - 1)
                .dropLosesData(t -> true)
                .rebuiltWhen((from, to, rebuilds) -> rebuilds.table(from))
                .alteredBy(TableChanges::alter)
                .diff(pairs, forward, backward, out);
        for (Pair<Table> p : pairs) {
            if (p.before() != null && p.after() != null && forward.table(p.before()) == null) {
                ColumnChanges.diff(p.before(), p.after(), ranks.get(p.before().relation()), out);
            }
        }
    }

    private static Alteration alter(Table from, Table to) {
        Alteration change = new Alteration();
        String table = "ALTER TABLE " + to.relation().sql();
        if (from.unlogged() != to.unlogged()) {
            change.differs("logging", table + (to.unlogged() ? " SET UNLOGGED" : " SET LOGGED"));
        }
        if (from.rowSecurity() != to.rowSecurity()) {
            change.differs("row-level security", table + (to.rowSecurity() ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY");
        }
        if (from.forceRowSecurity() != to.forceRowSecurity()) {
            change.differs("row-level security", table + (to.forceRowSecurity() ? " FORCE" : " NO FORCE")
                    + " ROW LEVEL SECURITY");
        }
        return change.comment("TABLE " + to.relation().sql(), from.comment(), to.comment());
    }
}
