package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.Severity;
import io.ferry.migration.sql.AlterTable;
import io.ferry.migration.sql.SqlTokens;
import java.util.Optional;

/**
 * A primary key column of a 4-byte or 2-byte integer type ({@code integer}, {@code serial}, {@code smallint},
 * {@code smallserial}): once the values reach 2147483647 (or 32767) no row can be inserted, and widening the
 * column later rewrites the table and its indexes. Checked in {@code CREATE TABLE}, {@code ADD COLUMN ... PRIMARY
 * KEY} and {@code ADD PRIMARY KEY (column)}, where the column's type comes from the revision or the database.
 */
public final class IntPrimaryKey implements LintRule {

    @Override
    public String id() {
        return "int-primary-key";
    }

    @Override
    public String title() {
        return "A primary key of type integer, which runs out at about 2.1 billion";
    }

    @Override
    public String fix() {
        return "make the key bigint (bigint GENERATED ALWAYS AS IDENTITY for a generated one)";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        for (TypedColumns.Column c : TypedColumns.of(s)) {
            String limit = limit(TypedColumns.baseType(s, c.type()));
            if (c.primaryKey() && limit != null) {
                context.report(Severity.WARNING, s.get(c.type()), "primary key " + c.name() + " of "
                        + (c.created() ? c.table().toString() : context.describe(c.table())) + " is "
                        + TypedColumns.baseType(s, c.type()) + ": it runs out at " + limit);
            }
        }
        AlterTable.of(s).ifPresent(alter -> alter.actions().forEach(a -> {
            int i = alter.addedConstraint(a);
            if (i < 0 || !s.matches(i, "primary", "key")) {
                return;
            }
            for (String column : TypedColumns.columnList(s, i + 2)) {
                Optional<String> type = TypedColumns.declaredEarlier(context.statements(), context.index(),
                        alter.table(), column).or(() -> context.catalog().columnType(alter.table(), column)
                        .map(t -> TypedColumns.baseType(SqlTokens.of(t), 0)));
                String limit = type.map(IntPrimaryKey::limit).orElse(null);
                if (limit != null) {
                    context.report(Severity.WARNING, s.get(i), "primary key on " + context.describe(alter.table())
                            + " uses " + column + " of type " + type.get() + ": it runs out at " + limit);
                }
            }
        }));
    }

    /** The largest value of a key type that runs out, or null for a type that does not. */
    private static String limit(String type) {
        return switch (type) {
            case "integer", "serial" -> "2147483647 (about 2.1 billion)";
            case "smallint", "smallserial" -> "32767";
            default -> null;
        };
    }
}
