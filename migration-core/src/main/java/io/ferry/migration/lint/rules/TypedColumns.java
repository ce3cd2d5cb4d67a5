package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.CreateTable;
import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.AlterTable;
import io.ferry.migration.sql.QualifiedName;
import io.ferry.migration.sql.SqlTokens;
import io.ferry.migration.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The columns a statement gives a type, for the type rules: the column definitions of a {@code CREATE TABLE},
 * and the {@code ADD COLUMN} and {@code ALTER COLUMN ... TYPE} actions of an {@code ALTER TABLE}; and the type
 * names they use, reduced to one spelling ({@code int4} and {@code integer} are both {@code integer}).
 */
final class TypedColumns {

    /** The first words of a table constraint, where a column definition would start with the column's name. */
    private static final Set<String> CONSTRAINTS = Set.of("constraint", "primary", "unique", "check", "foreign",
            "exclude", "like");

    private TypedColumns() {
    }

    /**
     * A column given a type.
     *
     * @param table      the table
     * @param name       the column's name
     * @param type       the index of the type's first token in the statement
     * @param primaryKey true when the column is declared the primary key, inline or by the table's constraint
     * @param created    true in a {@code CREATE TABLE}, false in an {@code ALTER TABLE}
     */
    record Column(QualifiedName table, String name, int type, boolean primaryKey, boolean created) {
    }

    /** The columns the statement gives a type, in order. */
    static List<Column> of(SqlTokens s) {
        Optional<AlterTable> alter = AlterTable.of(s);
        return alter.isPresent() ? altered(alter.get()) : created(s);
    }

    /**
     * Reports a warning at the type of each column the statement gives one of {@code types} (in the spelling of
     * {@link #baseType}): {@code column code of countries is char} followed by {@code why}.
     */
    static void warnOfTypes(SqlTokens s, LintContext context, Set<String> types, String why) {
        for (Column c : of(s)) {
            String type = baseType(s, c.type());
            if (types.contains(type)) {
                context.report(Severity.WARNING, s.get(c.type()), "column " + c.name() + " of " + c.table() + " is "
                        + type + why);
            }
        }
    }

    /**
     * The type of the column {@code column} of {@code table} as the statements before {@code before} last declare
     * it, in the spelling {@link #baseType} gives, or empty when none of them does.
     */
    static Optional<String> declaredEarlier(List<SqlTokens> statements, int before, QualifiedName table,
                                            String column) {
        Optional<String> type = Optional.empty();
        for (int k = 0; k < before; k++) {
            SqlTokens s = statements.get(k);
            for (Column c : of(s)) {
                if (c.name().equals(column) && LintContext.same(c.table(), table)) {
                    type = Optional.of(baseType(s, c.type()));
                }
            }
        }
        return type;
    }

    /**
     * The type starting at token {@code i} in one spelling: {@code timestamp} (without time zone),
     * {@code timestamptz}, {@code char}, {@code varchar}, {@code smallint}, {@code integer}, {@code bigint},
     * {@code smallserial}, {@code serial}, {@code bigserial}, else the type's first word in lower case
     * ({@code pg_catalog.} left out); empty when no word starts there.
     */
    static String baseType(SqlTokens s, int i) {
        int k = i;
        if (s.is(k, "pg_catalog") && s.get(k + 1) != null && s.get(k + 1).isSymbol(".")) {
            k += 2;
        }
        Token t = s.get(k);
        if (t == null || t.kind() != Token.Kind.WORD) {
            return "";
        }
        return switch (t.value()) {
            case "timestamp" -> {
                int after = s.get(k + 1) != null && s.get(k + 1).isSymbol("(") ? s.closing(k + 1) + 1 : k + 1;
                yield s.matches(after, "with", "time", "zone") ? "timestamptz" : "timestamp";
            }
            case "character", "char" -> s.is(k + 1, "varying") ? "varchar" : "char";
            case "bpchar" -> "char";
            case "int", "int4" -> "integer";
            case "int2" -> "smallint";
            case "int8" -> "bigint";
            case "serial4" -> "serial";
            case "serial2" -> "smallserial";
            case "serial8" -> "bigserial";
            default -> t.value();
        };
    }

    private static List<Column> created(SqlTokens s) {
        Optional<CreateTable> create = CreateTable.of(s);
        if (create.isEmpty()) {
            return List.of();
        }
        int i = create.get().name();
        Optional<QualifiedName> table = s.name(i);
        int open = s.afterName(i);
        if (table.isEmpty() || s.get(open) == null || !s.get(open).isSymbol("(")) {
            return List.of();
        }
        int depth = s.get(open).depth() + 1;
        List<SqlTokens.Range> elements = s.split(open + 1, s.closing(open), depth);
        List<String> keyColumns = new ArrayList<>();
        for (SqlTokens.Range e : elements) {
            int key = s.find(e.from(), e.to(), depth, "primary", "key");
            if (key >= 0 && isConstraint(s, e.from())) {
                keyColumns.addAll(columnList(s, key + 2));
            }
        }
        List<Column> columns = new ArrayList<>();
        for (SqlTokens.Range e : elements) {
            Token name = s.get(e.from());
            if (!isConstraint(s, e.from()) && name.isName() && e.to() > e.from() + 1) {
                boolean key = keyColumns.contains(name.value()) || s.contains(e.from(), e.to(), depth, "primary", "key");
                columns.add(new Column(table.get(), name.value(), e.from() + 1, key, true));
            }
        }
        return columns;
    }

    private static List<Column> altered(AlterTable alter) {
        SqlTokens s = alter.s();
        List<Column> columns = new ArrayList<>();
        for (SqlTokens.Range a : alter.actions()) {
            int added = alter.addedColumn(a);
            if (added >= 0 && added + 1 < a.to()) {
                columns.add(new Column(alter.table(), alter.name(added), added + 1,
                        s.contains(added, a.to(), 0, "primary", "key"), false));
            }
            int type = alter.newType(a);
            if (type >= 0 && type < a.to()) {
                columns.add(new Column(alter.table(), alter.name(alter.alteredColumn(a)), type, false, false));
            }
        }
        return columns;
    }

    /** True when the element at {@code i} starts with a table constraint's word rather than a column's name. */
    static boolean isConstraint(SqlTokens s, int i) {
        Token t = s.get(i);
        return t != null && t.kind() == Token.Kind.WORD && CONSTRAINTS.contains(t.value());
    }

    /** The column names in the parentheses opening at {@code open} ({@code (a, "B")}), or none. */
    static List<String> columnList(SqlTokens s, int open) {
        if (s.get(open) == null || !s.get(open).isSymbol("(")) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (SqlTokens.Range r : s.split(open + 1, s.closing(open), s.get(open).depth() + 1)) {
            if (s.get(r.from()).isName()) {
                names.add(s.get(r.from()).value());
            }
        }
        return names;
    }
}
