package io.ferry.migration.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The diff of tables: created (partitioned tables before their partitions) and dropped (partitions first)
 * whole; a table whose partitioning changes is dropped and created again, losing its rows, since
 * PostgreSQL cannot change it in place. A table both sides keep changes its columns (see
 * {@link ColumnChanges}), logging, row-level security and comment in place.
 */
final class TableChanges extends WholeObjects<Table> {

    private final Map<RelationName, Integer> depthsBefore;
    private final Map<RelationName, Integer> depthsAfter;
    private final Map<RelationName, Integer> ranks;

    private TableChanges(SchemaSnapshot a, SchemaSnapshot b, Map<RelationName, Integer> ranks) {
        this.depthsBefore = Depths.ofTables(a.tables());
        this.depthsAfter = Depths.ofTables(b.tables());
        this.ranks = ranks;
    }

    static void diff(SchemaSnapshot a, SchemaSnapshot b, Rebuilds forward, Rebuilds backward, ChangeList out) {
        List<Pair<Table>> pairs = Pair.match(a.tables(), b.tables(), Table::relation);
        Map<RelationName, Integer> ranks = new HashMap<>();
        for (Pair<Table> p : pairs) {
            Table t = p.after() != null ? p.after() : p.before();
            ranks.put(t.relation(), ranks.size() * ColumnChanges.RANKS);
        }
        new TableChanges(a, b, ranks).diff(pairs, forward, backward, out);
        for (Pair<Table> p : pairs) {
            if (p.before() != null && p.after() != null && forward.table(p.before()) == null) {
                ColumnChanges.diff(p.before(), p.after(), ranks.get(p.before().relation()), out);
            }
        }
    }

    @Override
    ObjectKind kind(Table t) {
        return ObjectKind.TABLE;
    }

    @Override
    String object(Table t) {
        return t.relation().toString();
    }

    @Override
    String display(Table t) {
        return t.relation().display();
    }

    @Override
    List<String> create(Table t) {
        return Ddl.createTable(t);
    }

    @Override
    List<String> drop(Table t) {
        return Ddl.dropTable(t);
    }

    @Override
    Step createStep(Table t) {
        return Step.CREATE_TABLE;
    }

    @Override
    Step dropStep(Table t) {
        return Step.DROP_TABLE;
    }

    @Override
    Step alterStep(Table t) {
        return Step.ALTER_TABLE;
    }

    @Override
    int createRank(Table t) {
        return depthsAfter.getOrDefault(t.relation(), 0);
    }

    @Override
    int dropRank(Table t) {
        return -depthsBefore.getOrDefault(t.relation(), 0);
    }

    /** After its columns have changed, so that the comment lands on the table as it ends up. */
    @Override
    int alterRank(Table t) {
        return ranks.get(t.relation()) + ColumnChanges.RANKS - 1;
    }

    @Override
    boolean dropLosesData(Table t) {
        return true;
    }

    @Override
    Reason rebuild(Table from, Table to, Rebuilds rebuilds) {
        return rebuilds.table(from);
    }

    @Override
    Alteration alter(Table from, Table to) {
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
