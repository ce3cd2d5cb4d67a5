package io.ferry.migration.schema;

import io.ferry.migration.sql.Quote;
import java.util.List;
import java.util.Objects;

/**
 * The diff of one table's columns. Within the table's changes, columns are dropped first (generated ones
 * before those they may read), then altered, then added (generated ones after those they read). A column
 * whose generation expression changes, or that becomes generated, is dropped and added again; every other
 * change is made in place, in an order PostgreSQL accepts: identity and expression dropped, the default
 * out of the way of a type change, the type (with a {@code USING} cast), the default, nullability,
 * identity added.
 */
final class ColumnChanges {

    /** Ranks within a table's changes. */
    private static final int DROP_GENERATED = 0;
    private static final int DROP = 1;
    private static final int ALTER = 2;
    private static final int ADD = 3;
    private static final int ADD_GENERATED = 4;
    /** How many ranks a table's changes take, its own included. */
    static final int RANKS = 6;

    private final RelationName table;

    private ColumnChanges(RelationName table) {
        this.table = table;
    }

    /** Adds the column changes of a table both snapshots have, at {@code rank} and the few after it. */
    static void diff(Table a, Table b, int rank, ChangeList out) {
        ColumnChanges columns = new ColumnChanges(a.relation());
        WholeObjects.of(c -> ObjectKind.COLUMN, c -> a.relation() + "." + c.name(),
                        c -> a.relation().display() + "." + c.name(), columns::add, columns::drop,
                        Step.ALTER_TABLE, Step.ALTER_TABLE)
                .ranks(c -> rank + (c.generated() != null ? ADD_GENERATED : ADD),
                        c -> rank + (c.generated() != null ? DROP_GENERATED : DROP))
                .alterAt(Step.ALTER_TABLE, c -> rank + ALTER)
                .dropLosesData(c -> c.generated() == null)
                .rebuiltWhen((from, to, rebuilds) -> replaces(from, to) ? Reason.own("generation expression differs") : null)
                .alteredBy(columns::alter)
                .diff(Pair.match(a.columns(), b.columns(), Column::name), null, null, out);
    }

    /** Whether the column's type (or collation) changes, so that what reads it must make way. */
    static boolean retypes(Column from, Column to) {
        return !from.type().equals(to.type()) || !Objects.equals(from.collation(), to.collation());
    }

    /** Whether going from one to the other drops the column and adds it again: a new generation expression. */
    static boolean replaces(Column from, Column to) {
        return to.generated() != null && !Objects.equals(from.generated(), to.generated());
    }

    private List<String> add(Column c) {
        return Ddl.with("ALTER TABLE " + table.sql() + " ADD COLUMN " + Ddl.column(c),
                Ddl.commentIfAny(target(c), c.comment()));
    }

    private List<String> drop(Column c) {
        return List.of("ALTER TABLE " + table.sql() + " DROP COLUMN " + Quote.ident(c.name()));
    }

    private Alteration alter(Column from, Column to) {
        Alteration change = new Alteration();
        String column = "ALTER TABLE " + table.sql() + " ALTER COLUMN " + Quote.ident(to.name());
        if (from.identity() != Column.Identity.NONE && to.identity() == Column.Identity.NONE) {
            change.differs("identity", column + " DROP IDENTITY");
        }
        if (from.generated() != null && to.generated() == null) {
            change.differs("generation expression", column + " DROP EXPRESSION");
        }
        boolean retype = retypes(from, to);
        boolean newDefault = !Objects.equals(from.defaultValue(), to.defaultValue());
        if (from.defaultValue() != null && (retype || to.defaultValue() == null)) {
            change.differs(newDefault ? "default" : "type", column + " DROP DEFAULT");
        }
        if (retype) {
            change.differs("type", column + " TYPE " + to.type() + (to.collation() == null ? "" : " COLLATE " + to.collation())
                    + " USING " + Quote.ident(to.name()) + "::" + to.type())
                    .losingData(!Widening.keepsValues(from.type(), to.type()));
        }
        if (to.defaultValue() != null && (newDefault || (retype && from.defaultValue() != null))) {
            change.differs(newDefault ? "default" : "type", column + " SET DEFAULT " + to.defaultValue());
        }
        if (from.notNull() != to.notNull()) {
            change.differs("nullability", column + (to.notNull() ? " SET NOT NULL" : " DROP NOT NULL"));
        }
        if (to.identity() != Column.Identity.NONE && from.identity() != to.identity()) {
            String words = Ddl.identityWords(to.identity());
            change.differs("identity", column + (from.identity() == Column.Identity.NONE
                    ? " ADD GENERATED " + words + " AS IDENTITY" : " SET GENERATED " + words));
        }
        return change.comment(target(to), from.comment(), to.comment());
    }

    private String target(Column c) {
        return "COLUMN " + table.sql() + "." + Quote.ident(c.name());
    }
}
