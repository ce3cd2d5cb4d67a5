package io.ferry.migration.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The property the diff must have: apply a random subset of a corpus of DDL changes to a copy of a schema,
 * diff the original against the copy, run the forward SQL on the original, and the two snapshots are equal;
 * run the reverse SQL, and the original is back. Fixed seeds, and a few random ones, each printed on failure
 * with the changes it chose. Also: a whole schema made from nothing by a diff, and taken away again.
 */
class SchemaDiffPropertyTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final long[] FIXED_SEEDS = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final int RANDOM_SEEDS = 3;

    private static final RoundTrip trip = new RoundTrip(db);
    private static String template;
    private static List<SchemaCorpus.Entry> corpus;

    @BeforeAll
    static void baseSchema() throws SQLException {
        List<String> available = db.column("SELECT name FROM pg_available_extensions");
        corpus = SchemaCorpus.ENTRIES.stream().filter(e -> e.extension() == null || available.contains(e.extension()))
                .toList();
        template = db.createDatabase("base", null);
        trip.run(template, List.of(SchemaCorpus.BASE), "the base schema");
    }

    @Test
    void theCorpusCoversEveryKindOfObject() throws SQLException {
        assertThat(corpus.size()).isGreaterThanOrEqualTo(40);
        String changed = db.createDatabase("b", template);
        try {
            for (SchemaCorpus.Entry e : corpus) {
                trip.run(changed, e.sql(), "corpus change '" + e.name() + "'");
            }
            Set<ObjectKind> kinds = EnumSet.noneOf(ObjectKind.class);
            SchemaDiff.between(trip.read(template), trip.read(changed)).forEach(c -> kinds.add(c.kind()));
            // The one change that adds an extension needs citext, which a server may lack.
            Set<ObjectKind> expected = EnumSet.allOf(ObjectKind.class);
            if (corpus.stream().noneMatch(e -> e.extension() != null)) {
                expected.remove(ObjectKind.EXTENSION);
            }
            assertThat(kinds).containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            db.dropDatabase(changed);
        }
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

    @Test
    void aWholeSchemaFromNothingAndBack() throws SQLException {
        String empty = db.createDatabase("empty", null);
        String full = db.createDatabase("full", null);
        try {
            trip.run(full, List.of(SchemaFixtures.EVERY_KIND, SchemaCorpus.BASE.replace("CREATE SCHEMA app;", "")),
                    "the schemas");
            List<SchemaChange> changes = trip.check("from nothing", empty, full, DiffOptions.defaults());
            assertThat(changes).allMatch(c -> c.action() == SchemaChange.Action.CREATE
                    || c.kind() == ObjectKind.SEQUENCE || c.kind() == ObjectKind.SCHEMA);
        } finally {
            db.dropDatabase(empty);
            db.dropDatabase(full);
        }
    }

    private static void roundTrip(String trial, List<SchemaCorpus.Entry> chosen, DiffOptions options) throws SQLException {
        String context = trial + " (" + chosen.stream().map(SchemaCorpus.Entry::name).toList() + ")";
        String original = db.createDatabase("a", template);
        String changed = db.createDatabase("b", template);
        try {
            for (SchemaCorpus.Entry e : chosen) {
                trip.run(changed, e.sql(), context + ": corpus change '" + e.name() + "'");
            }
            assertThat(trip.check(context, original, changed, options)).as(context).isNotEmpty();
        } finally {
            db.dropDatabase(original);
            db.dropDatabase(changed);
        }
    }
}
