package io.ferry.migration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.graph.Step;
import io.ferry.migration.source.nativesql.NativeSqlSource;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example project in docs/examples/proposals reads as a valid graph, and its up and down sections,
 * run in path order against PostgreSQL, build the schema and take it away again.
 */
class ProposalsExampleTest {

    private static final Path MIGRATIONS = Path.of("..", "docs", "examples", "proposals", "migrations");

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void upAndDownRunCleanlyAgainstPostgres() throws Exception {
        RevisionGraph graph = RevisionGraph.of(new NativeSqlSource(MIGRATIONS).load());
        assertThat(graph.heads()).extracting(Revision::id).containsExactly("d41c7a9e2b60");
        assertThat(graph.revisions()).allMatch(Revision::isReversible);

        List<Step> up = graph.upgradePath(List.of(), "head");
        assertThat(up).extracting(s -> s.revision().id())
                .containsExactly("5cd038a8f131", "8e1f2c0a9b47", "b3d94e7f6a15", "d41c7a9e2b60");
        for (Step step : up) {
            run(step.revision(), (SqlBody) step.revision().up());
        }
        assertThat(db.column("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"))
                .containsExactly("document_chunks", "document_chunks_archive", "documents", "ingestion_runs",
                        "proposal_templates", "sources");
        assertThat(db.column("SELECT indexname FROM pg_indexes WHERE tablename = 'documents' ORDER BY 1"))
                .contains("documents_created_at_idx", "documents_source_id_idx", "documents_template_id_idx");

        for (Step step : graph.downgradePath(List.of("d41c7a9e2b60"), "base")) {
            run(step.revision(), (SqlBody) step.revision().down().orElseThrow());
        }
        assertThat(db.column("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public'")).containsExactly("0");
    }

    /** Transactional revisions run in one transaction; the others statement by statement. */
    private static void run(Revision revision, SqlBody body) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(!revision.transactional());
            for (SqlStatement statement : body.statements()) {
                s.execute(statement.sql());
            }
            if (revision.transactional()) {
                c.commit();
            }
        }
    }
}
