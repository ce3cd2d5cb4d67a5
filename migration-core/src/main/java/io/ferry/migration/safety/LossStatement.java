package io.ferry.migration.safety;

import io.ferry.migration.sql.AlterTable;
import io.ferry.migration.sql.QualifiedName;
import io.ferry.migration.sql.SqlTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A part of a statement that can lose data, read with {@link SqlTokens}: what it acts on, before anything is
 * counted. One statement may hold several ({@code DROP TABLE a, b}; an {@code ALTER TABLE} with several actions).
 *
 * @param shape   what the statement does
 * @param name    the table (for {@link Shape#DROP_SCHEMA}, the schema, as {@code name})
 * @param column  the column, for {@link Shape#DROP_COLUMN} and {@link Shape#ALTER_TYPE}
 * @param newType the type written after {@code TYPE}, for {@link Shape#ALTER_TYPE}
 * @param using   the {@code USING} expression, when there is one
 * @param cascade {@code TRUNCATE ... CASCADE}: the tables that reference it are emptied too
 * @param only    {@code TRUNCATE ONLY t}, {@code DELETE FROM ONLY t}: the table's inheritance children keep their rows
 * @param line    the line of the file where this part starts
 */
public record LossStatement(Shape shape, QualifiedName name, String column, String newType, Optional<String> using,
                            boolean cascade, boolean only, int line) {

    /** The statements the guard reads. */
    public enum Shape {
        DROP_TABLE, DROP_COLUMN, TRUNCATE, DELETE_ALL, ALTER_TYPE, DROP_SCHEMA
    }

    /** The parts of {@code t} that can lose data; none for any other statement. */
    public static List<LossStatement> read(SqlTokens t) {
        List<LossStatement> found = new ArrayList<>();
        if (t.size() == 0) {
            return found;
        }
        if (t.startsWith("drop", "table")) {
            names(t, t.matches(2, "if", "exists") ? 4 : 2).forEach(n ->
                    found.add(new LossStatement(Shape.DROP_TABLE, n, null, null, Optional.empty(), false, false,
                            line(t, 0))));
        } else if (t.startsWith("drop", "schema") && t.findTop("cascade") >= 0) {
            names(t, t.matches(2, "if", "exists") ? 4 : 2).forEach(n ->
                    found.add(new LossStatement(Shape.DROP_SCHEMA, n, null, null, Optional.empty(), true, false,
                            line(t, 0))));
        } else if (t.startsWith("truncate")) {
            boolean cascade = t.findTop("cascade") >= 0;
            int from = t.is(1, "table") ? 2 : 1;
            for (SqlTokens.Range r : t.split(from, t.size(), 0)) {
                boolean only = t.is(r.from(), "only");
                t.name(only ? r.from() + 1 : r.from()).ifPresent(n -> found.add(new LossStatement(Shape.TRUNCATE, n,
                        null, null, Optional.empty(), cascade, only, line(t, 0))));
            }
        } else if (t.startsWith("delete", "from") && t.findTop("where") < 0) {
            boolean only = t.is(2, "only");
            t.name(only ? 3 : 2).ifPresent(n -> found.add(new LossStatement(Shape.DELETE_ALL, n, null, null,
                    Optional.empty(), false, only, line(t, 0))));
        } else if (t.startsWith("alter", "table")) {
            alterTable(t, found);
        }
        return found;
    }

    /** The names of a {@code DROP}, from {@code from} on, separated by commas. */
    private static List<QualifiedName> names(SqlTokens t, int from) {
        List<QualifiedName> names = new ArrayList<>();
        for (SqlTokens.Range r : t.split(from, t.size(), 0)) {
            t.name(r.from()).ifPresent(names::add);
        }
        return names;
    }

    private static void alterTable(SqlTokens t, List<LossStatement> found) {
        Optional<AlterTable> read = AlterTable.of(t);
        if (read.isEmpty()) {
            return;
        }
        AlterTable alter = read.get();
        for (SqlTokens.Range action : alter.actions()) {
            int dropped = alter.droppedColumn(action);
            if (dropped >= 0) {
                found.add(new LossStatement(Shape.DROP_COLUMN, alter.table(), alter.name(dropped), null,
                        Optional.empty(), false, false, line(t, action.from())));
            }
            alterType(alter, action).ifPresent(found::add);
        }
    }

    /** {@code ALTER [COLUMN] c [SET DATA] TYPE type [COLLATE x] [USING expr]}, or empty for another action. */
    private static Optional<LossStatement> alterType(AlterTable alter, SqlTokens.Range action) {
        int type = alter.newType(action);
        if (type < 0 || type >= action.to()) {
            return Optional.empty();
        }
        SqlTokens t = alter.s();
        int using = t.find(type, action.to(), 0, "using");
        int collate = t.find(type, action.to(), 0, "collate");
        int typeEnd = Math.min(using < 0 ? action.to() : using, collate < 0 ? action.to() : collate);
        Optional<String> expression = using < 0 ? Optional.empty() : Optional.of(t.text(using + 1, action.to()));
        return Optional.of(new LossStatement(Shape.ALTER_TYPE, alter.table(), alter.name(alter.alteredColumn(action)),
                t.text(type, typeEnd), expression, false, false, line(t, action.from())));
    }

    private static int line(SqlTokens t, int token) {
        return t.line(t.get(token));
    }
}
