package io.ferry.migration.lint;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.lint.rules.Rules;
import io.ferry.migration.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
        return Revision.builder("r1").origin("test.sql").up(SqlBody.unsplit("test.sql", sql, 1, SqlBody.Check.NONE))
                .build();
    }
}
