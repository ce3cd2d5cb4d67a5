package io.ferry.migration.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.opentest4j.AssertionFailedError;

/**
 * Diffs two databases and checks the diff both ways: the forward SQL run on the first makes its snapshot
 * equal to the second's, and the reverse SQL then brings the first snapshot back.
 */
final class RoundTrip {

    private final TestDatabase db;

    RoundTrip(TestDatabase db) {
        this.db = db;
    }

    /**
     * The changes from database {@code first} to {@code second}, checked both ways on {@code first} (which is
     * left as it was); {@code context} leads every failure message.
     */
    List<SchemaChange> check(String context, String first, String second, DiffOptions options) throws SQLException {
        SchemaSnapshot before = read(first);
        SchemaSnapshot after = read(second);
        List<SchemaChange> changes = SchemaDiff.between(before, after, options);

        run(first, SchemaDiff.forwardSql(changes), context + ": forward SQL");
        SchemaSnapshot there = read(first);
        same(there, after, context + ": after the forward SQL, the snapshots differ", changes);
        assertThat(SchemaDiff.between(there, after)).as(context).isEmpty();

        run(first, SchemaDiff.reverseSql(changes), context + ": reverse SQL");
        same(read(first), before, context + ": after the reverse SQL, the first is not back", changes);
        return changes;
    }

    /** Runs statements on a database, each on its own in autocommit; a failure names {@code what} and the statement. */
    void run(String database, List<String> statements, String what) throws SQLException {
        try (Connection c = db.connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    throw new AssertionFailedError(what + " failed at: " + sql + "\n" + e.getMessage(), e);
                }
            }
        }
    }

    SchemaSnapshot read(String database) throws SQLException {
        try (Connection c = db.connect(database)) {
            return SchemaSnapshot.read(c);
        }
    }

    /** The changes one per block: description, then forward ({@code >}) and reverse ({@code <}) statements. */
    static String describe(List<SchemaChange> changes) {
        StringBuilder out = new StringBuilder();
        for (SchemaChange c : changes) {
            out.append("-- ").append(c.description()).append('\n');
            Stream.concat(c.forwardSql().stream().map(s -> "   > " + s), c.reverseSql().stream().map(s -> "   < " + s))
                    .forEach(s -> out.append(s).append('\n'));
        }
        return out.toString();
    }

    private static void same(SchemaSnapshot actual, SchemaSnapshot expected, String what, List<SchemaChange> changes) {
        if (!actual.equals(expected)) {
            throw new AssertionFailedError(what + "; still to do: " + SchemaDiff.between(actual, expected).stream()
                    .map(SchemaChange::description).toList() + "\nthe diff was:\n" + describe(changes),
                    expected.toJson(), actual.toJson());
        }
    }
}
