package io.ferry.migration.sql;

import io.ferry.migration.sql.SqlTokens.Range;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An {@code ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, ...]} statement read into its table and its actions
 * (the ranges between the top-level commas after the name), with the readers of its actions that the lint rules and
 * the data-loss guard share.
 *
 * @param s       the statement
 * @param table   the table it alters
 * @param actions its actions, in order
 */
public record AlterTable(SqlTokens s, QualifiedName table, List<Range> actions) {

    /** The words that end a column's type and start its constraints in {@code ADD COLUMN}. */
    private static final Set<String> COLUMN_CONSTRAINT_WORDS = Set.of("constraint", "not", "null", "check", "default",
            "generated", "unique", "primary", "references", "collate", "compression", "storage", "deferrable",
            "initially");

    /** The serial types: an integer with a {@code nextval} default of a sequence made for it. */
    private static final Set<String> SERIALS = Set.of("serial", "serial2", "serial4", "serial8", "smallserial",
            "bigserial");

    /** The words that start a table constraint after {@code ADD [CONSTRAINT name]}. */
    private static final Set<String> TABLE_CONSTRAINT_WORDS = Set.of("primary", "unique", "check", "foreign",
            "exclude");

    /** The statement read as an {@code ALTER TABLE}, or empty for any other statement. */
    public static Optional<AlterTable> of(SqlTokens s) {
        if (!s.startsWith("alter", "table")) {
            return Optional.empty();
        }
        int i = 2;
        if (s.matches(i, "if", "exists")) {
            i += 2;
        }
        if (s.is(i, "only")) {
            i++;
        }
        if (s.matches(i, "all", "in")) {
            return Optional.empty();
        }
        Optional<QualifiedName> name = s.name(i);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        int after = s.afterName(i);
        if (s.get(after) != null && s.get(after).isSymbol("*")) {
            after++;
        }
        return Optional.of(new AlterTable(s, name.get(), s.split(after, s.size(), 0)));
    }

    /** True when {@code action} has the words at its top level. */
    public boolean has(Range action, String... words) {
        return s.contains(action.from(), action.to(), 0, words);
    }

    /** Where the words stand at the top level of {@code action}, or -1. */
    public int find(Range action, String... words) {
        return s.find(action.from(), action.to(), 0, words);
    }

    /**
     * For {@code ADD [COLUMN] [IF NOT EXISTS] name type ...}, the index of the column's name; -1 for any other
     * action (a table constraint is no column).
     */
    public int addedColumn(Range action) {
        int i = action.from();
        if (!s.is(i, "add")) {
            return -1;
        }
        i++;
        if (s.is(i, "column")) {
            i++;
        } else if (isAny(i, TABLE_CONSTRAINT_WORDS) || s.is(i, "constraint")) {
            return -1;
        }
        if (s.matches(i, "if", "not", "exists")) {
            i += 3;
        }
        return i < action.to() && s.get(i).isName() ? i : -1;
    }

    /**
     * The end (exclusive) of the part of a column definition that starts at {@code start} (its name, or a
     * {@code DEFAULT}): where the next constraint starts.
     */
    public int clauseEnd(Range action, int start) {
        for (int i = start + 1; i < action.to(); i++) {
            if (s.get(i).depth() == 0 && isAny(i, COLUMN_CONSTRAINT_WORDS)) {
                return i;
            }
        }
        return action.to();
    }

    /** True when the column whose name stands at {@code name} has a serial type. */
    public boolean serial(int name) {
        return isAny(name + 1, SERIALS);
    }

    /** For {@code ALTER [COLUMN] name ...}, the index of the column's name; -1 for any other action. */
    public int alteredColumn(Range action) {
        int i = action.from();
        if (!s.is(i, "alter")) {
            return -1;
        }
        i++;
        if (s.is(i, "column")) {
            i++;
        }
        return i < action.to() && s.get(i).isName() ? i : -1;
    }

    /**
     * For {@code ALTER [COLUMN] name [SET DATA] TYPE type ...}, the index of the new type's first token; -1 for any
     * other action.
     */
    public int newType(Range action) {
        int name = alteredColumn(action);
        if (name < 0) {
            return -1;
        }
        return s.is(name + 1, "type") ? name + 2 : s.matches(name + 1, "set", "data", "type") ? name + 4 : -1;
    }

    /**
     * For {@code DROP [COLUMN] [IF EXISTS] name [CASCADE | RESTRICT]}, the index of the column's name; -1 for any
     * other action ({@code DROP CONSTRAINT} among them).
     */
    public int droppedColumn(Range action) {
        int i = action.from();
        if (!s.is(i, "drop") || s.is(i + 1, "constraint")) {
            return -1;
        }
        i++;
        if (s.is(i, "column")) {
            i++;
        }
        if (s.matches(i, "if", "exists")) {
            i += 2;
        }
        return i < action.to() && s.get(i).isName() ? i : -1;
    }

    /**
     * For {@code ADD [CONSTRAINT name] PRIMARY KEY | UNIQUE | CHECK | FOREIGN KEY | EXCLUDE ...}, the index of the
     * word that says which constraint it is; -1 for any other action.
     */
    public int addedConstraint(Range action) {
        int i = action.from();
        if (!s.is(i, "add")) {
            return -1;
        }
        i++;
        if (s.is(i, "constraint")) {
            i += 2;
        }
        return i < action.to() && isAny(i, TABLE_CONSTRAINT_WORDS) ? i : -1;
    }

    /** The name given with {@code ADD CONSTRAINT name ...}, or empty. */
    public Optional<String> constraintName(Range action) {
        return s.is(action.from(), "add") && s.is(action.from() + 1, "constraint") && s.get(action.from() + 2) != null
                ? Optional.of(s.get(action.from() + 2).value()) : Optional.empty();
    }

    /** True when the token at {@code i} is one of the (key)words, unquoted. */
    private boolean isAny(int i, Set<String> words) {
        Token t = s.get(i);
        return t != null && t.kind() == Token.Kind.WORD && words.contains(t.value());
    }

    /** The column's name at {@code i} as PostgreSQL folds it. */
    public String name(int i) {
        return s.get(i).value();
    }
}
