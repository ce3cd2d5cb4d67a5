package io.ferry.migration.lint;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.lint.rules.Rules;
import io.ferry.migration.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lints SQL written in a test as the up section of a revision in {@code test.sql}, against a test class's own
 * database: {@link #live} reads its catalog (a table is large from {@link #LARGE} rows), {@link #offline} knows no
 * database.
 */
public final class LintFixture {

    /** The large-table threshold of {@link #live}: small enough to fill in a test. */
    public static final long LARGE = 2_000;

    private final TestDatabase db;

    public LintFixture(TestDatabase db) {
        this.db = db;
    }

    /** Runs SQL on the test database (to make the tables a migration finds there), then ANALYZE. */
    public void given(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
            s.execute("ANALYZE");
        }
    }

    /** A table {@code name (id bigint primary key, ...columns)} holding {@code rows} rows, analysed. */
    public void table(String name, long rows, String columns) throws SQLException {
        given("CREATE TABLE " + name + " (id bigint PRIMARY KEY" + (columns.isEmpty() ? "" : ", " + columns) + ");"
                + " INSERT INTO " + name + " (id) SELECT g FROM generate_series(1, " + rows + ") g");
    }

    /**
     * A table {@code name (id bigint, filler text)} of {@code rows} rows of about 130 bytes, never analysed: no
     * index, autovacuum off for it, and no {@code ANALYZE} (so {@code reltuples} stays -1). A later {@link #given}
     * analyses it.
     */
    public void unanalysed(String name, long rows) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + name + " (id bigint, filler text) WITH (autovacuum_enabled = false);"
                    + " INSERT INTO " + name + " SELECT g, repeat('x', 100) FROM generate_series(1, " + rows + ") g");
        }
    }

    /** The findings in {@code sql} with the database's catalog. */
    public List<Finding> live(String sql) throws SQLException {
        return live(sql, Map.of());
    }

    /** The findings in {@code sql} with the database's catalog and rule levels from {@code ferry.yaml}. */
    public List<Finding> live(String sql, Map<String, LintSettings.Level> levels) throws SQLException {
        try (Connection c = db.connect()) {
            return Rules.linter(new LintSettings(LARGE, levels), new LiveCatalog(c)).lint(revision(sql));
        }
    }

    /**
     * The findings in pending revisions linted together with the database's catalog, one SQL text each (revisions
     * r1, r2, ... in that order).
     */
    public List<Finding> liveRevisions(String... sqls) throws SQLException {
        List<Revision> revisions = new ArrayList<>();
        for (String sql : sqls) {
            revisions.add(revision("r" + (revisions.size() + 1), sql));
        }
        try (Connection c = db.connect()) {
            return Rules.linter(new LintSettings(LARGE, Map.of()), new LiveCatalog(c)).lint(revisions);
        }
    }

    /** The findings in {@code sql} without a database. */
    public List<Finding> offline(String sql) {
        return offline(sql, Map.of());
    }

    public List<Finding> offline(String sql, Map<String, LintSettings.Level> levels) {
        return Rules.linter(new LintSettings(LARGE, levels), Catalog.NONE).lint(revision(sql));
    }

    /** The findings of one rule only. */
    public static List<Finding> of(String rule, List<Finding> findings) {
        return findings.stream().filter(f -> f.rule().equals(rule)).toList();
    }

    private static Revision revision(String sql) {
        return revision("r1", sql);
    }

    private static Revision revision(String id, String sql) {
        return Revision.builder(id).origin("test.sql").up(SqlBody.unsplit("test.sql", sql, 1, SqlBody.Check.NONE))
                .build();
    }
}
