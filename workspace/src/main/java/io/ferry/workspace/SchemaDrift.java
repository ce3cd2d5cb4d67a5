package io.ferry.workspace;

import io.ferry.migration.schema.Index;
import io.ferry.migration.schema.ObjectKind;
import io.ferry.migration.schema.SchemaChange;
import io.ferry.migration.schema.SchemaDiff;
import io.ferry.migration.schema.SchemaSnapshot;
import io.ferry.migration.sql.Quote;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The database's schema against the one its applied revisions produce ({@link Workspace#drift}): what
 * {@code ferry drift} prints and the runbook server's {@code drift} check shows.
 *
 * @param current        the heads the database is at (the revisions replayed)
 * @param live           the database's schema
 * @param liveMajor      the database server's major version
 * @param expected       the schema the revisions produce, replayed on a scratch database
 * @param expectedMajor  the scratch server's major version
 * @param changes        the steps from {@code live} to {@code expected}, as {@link SchemaDiff} gives them
 * @param invalidIndexes every index of the database that is not valid, with its fix
 */
public record SchemaDrift(List<String> current, SchemaSnapshot live, int liveMajor, SchemaSnapshot expected,
                          int expectedMajor, List<SchemaChange> changes, List<InvalidIndex> invalidIndexes) {

    public SchemaDrift {
        current = List.copyOf(current);
        changes = List.copyOf(changes);
        invalidIndexes = List.copyOf(invalidIndexes);
    }

    /** Compares {@code live} with {@code expected}, what the revisions {@code current} produce. */
    public static SchemaDrift between(List<String> current, SchemaSnapshot live, int liveMajor,
                                      SchemaSnapshot expected, int expectedMajor) {
        List<SchemaChange> changes = SchemaDiff.between(live, expected);
        List<InvalidIndex> invalid = live.indexes().stream().filter(i -> !i.valid())
                .map(i -> invalid(i, expected.indexes().stream().anyMatch(e -> same(e, i)))).toList();
        return new SchemaDrift(current, live, liveMajor, expected, expectedMajor, changes, invalid);
    }

    /** True when the schemas differ or an index is invalid. */
    public boolean drift() {
        return !invalidIndexes.isEmpty() || changes.stream().anyMatch(SchemaChange::difference);
    }

    /**
     * Each difference, as one line ("index x is missing", "table y is extra"); an invalid index is left to
     * {@link #invalidIndexes}, which reports it once, with its fix, not also as rebuilt or extra.
     */
    public List<String> differences() {
        Set<String> invalidNames = live.indexes().stream().filter(i -> !i.valid())
                .map(i -> i.schema() + "." + i.name()).collect(Collectors.toSet());
        return changes.stream().filter(SchemaChange::difference)
                .filter(c -> !(c.kind() == ObjectKind.INDEX && invalidNames.contains(c.object())))
                .map(SchemaChange::description).toList();
    }

    /** An index a failed {@code CREATE INDEX CONCURRENTLY} (or {@code REINDEX}) left invalid, and its fix. */
    public record InvalidIndex(String index, String table, String fix) {
    }

    /** An invalid index, and how to fix it: rebuilt when the revisions make it, else dropped. */
    private static InvalidIndex invalid(Index i, boolean made) {
        String name = "public".equals(i.schema()) ? i.name() : i.schema() + "." + i.name();
        String quoted = ("public".equals(i.schema()) ? "" : ident(i.schema()) + ".") + ident(i.name());
        String fix = made ? "rebuild it with REINDEX INDEX CONCURRENTLY " + quoted + ", or drop it and create it again"
                : "no revision makes it (a failed CREATE INDEX CONCURRENTLY left it): drop it with DROP INDEX"
                        + " CONCURRENTLY " + quoted + ", or rebuild it with REINDEX INDEX CONCURRENTLY " + quoted
                        + " and write a revision that makes it";
        return new InvalidIndex(name, i.schema() + "." + i.table(), fix);
    }

    /** A name as it can be written in SQL: bare when PostgreSQL would read it unchanged, else quoted. */
    private static String ident(String name) {
        return name.matches("[a-z_][a-z0-9_]*") ? name : Quote.ident(name);
    }

    private static boolean same(Index a, Index b) {
        return a.schema().equals(b.schema()) && a.name().equals(b.name());
    }
}
