package io.ferry.migration.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

/**
 * The property the diff must have: apply a random subset of a corpus of DDL changes to a copy of a schema,
 * diff the original against the copy, run the forward SQL on the original, and the two snapshots are equal;
 * run the reverse SQL, and the original is back. Fixed seeds, and a few random ones, each printed on failure
 * with the changes it chose.
 */
class SchemaDiffPropertyTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final long[] FIXED_SEEDS = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final int RANDOM_SEEDS = 3;

    private static String template;
    private static List<SchemaCorpus.Entry> corpus;

    @BeforeAll
    static void baseSchema() throws SQLException {
        List<String> available = db.column("SELECT name FROM pg_available_extensions");
        corpus = SchemaCorpus.ENTRIES.stream().filter(e -> e.extension() == null || available.contains(e.extension()))
                .toList();
        template = db.createDatabase("base", null);
        try (Connection c = db.connect(template); Statement s = c.createStatement()) {
            s.execute(SchemaCorpus.BASE);
        }
    }

    @Test
    void theCorpusCoversEveryKindOfObject() {
        assertThat(corpus.size()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void everyChangeAtOnce() throws SQLException {
        roundTrip("every change", corpus, DiffOptions.defaults());
    }

    @Test
    void randomSubsetsGoThereAndBack() throws SQLException {
        List<Long> seeds = new ArrayList<>();
        for (long seed : FIXED_SEEDS) {
            seeds.add(seed);
        }
        Random pick = new Random();
        for (int i = 0; i < RANDOM_SEEDS; i++) {
            seeds.add(pick.nextLong());
        }
        for (long seed : seeds) {
            Random random = new Random(seed);
            List<SchemaCorpus.Entry> chosen = corpus.stream().filter(e -> random.nextBoolean()).toList();
            DiffOptions options = seed % 2 == 0 ? DiffOptions.defaults().withConcurrentIndexes() : DiffOptions.defaults();
            roundTrip("seed " + seed, chosen, options);
        }
    }

    private static void roundTrip(String trial, List<SchemaCorpus.Entry> chosen, DiffOptions options) throws SQLException {
        String context = trial + " (" + chosen.stream().map(SchemaCorpus.Entry::name).toList() + ")";
        String original = db.createDatabase("a", template);
        String changed = db.createDatabase("b", template);
        try {
            for (SchemaCorpus.Entry e : chosen) {
                run(changed, e.sql(), context + ": corpus change '" + e.name() + "'");
            }
            SchemaSnapshot first = read(original);
            SchemaSnapshot second = read(changed);
            List<SchemaChange> changes = SchemaDiff.between(first, second, options);
            assertThat(changes).as(context).isNotEmpty();
            if (Boolean.getBoolean("ferry.printDiff")) System.out.println(describe(changes));

            run(original, SchemaDiff.forwardSql(changes), context + ": forward SQL");
            SchemaSnapshot there = read(original);
            assertSame(there, second, context + ": after the forward SQL, the snapshots differ", changes);
            assertThat(SchemaDiff.between(there, second)).as(context).isEmpty();

            run(original, SchemaDiff.reverseSql(changes), context + ": reverse SQL");
            assertSame(read(original), first, context + ": after the reverse SQL, the original is not back", changes);
        } finally {
            db.dropDatabase(original);
            db.dropDatabase(changed);
        }
    }

    private static void assertSame(SchemaSnapshot actual, SchemaSnapshot expected, String what, List<SchemaChange> changes) {
        if (!actual.equals(expected)) {
            throw new AssertionFailedError(what + "; still to do: " + SchemaDiff.between(actual, expected).stream()
                    .map(SchemaChange::description).toList() + "\nthe diff was:\n" + describe(changes),
                    expected.toJson(), actual.toJson());
        }
    }

    private static String describe(List<SchemaChange> changes) {
        StringBuilder out = new StringBuilder();
        for (SchemaChange c : changes) {
            out.append("-- ").append(c.description()).append('\n');
            Stream.concat(c.forwardSql().stream().map(s -> "   > " + s), c.reverseSql().stream().map(s -> "   < " + s))
                    .forEach(s -> out.append(s).append('\n'));
        }
        return out.toString();
    }

    private static void run(String database, List<String> statements, String what) throws SQLException {
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

    private static SchemaSnapshot read(String database) throws SQLException {
        try (Connection c = db.connect(database)) {
            return SchemaSnapshot.read(c);
        }
    }
}
