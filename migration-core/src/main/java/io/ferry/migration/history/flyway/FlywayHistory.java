package io.ferry.migration.history.flyway;

import io.ferry.migration.source.flyway.FlywayVersion;
import io.ferry.migration.sql.Quote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Flyway's history table, {@code flyway_schema_history}, with exactly the layout Flyway 13 creates on
 * PostgreSQL, so that Flyway itself can go on reading and writing it.
 */
public final class FlywayHistory {

    public static final String DEFAULT_TABLE = "flyway_schema_history";

    private final String schema;
    private final String table;

    public FlywayHistory(String schema, String table) {
        this.schema = schema;
        this.table = table;
    }

    /** The table as Flyway names it ({@code "public"."flyway_schema_history"}): also the key of its lock. */
    public String qualifiedName() {
        return Quote.ident(schema) + "." + Quote.ident(table);
    }

    /** Flyway's advisory lock key for this table: its magic number plus the hash of the table's name. */
    public long flywayLockKey() {
        return 77431708279161L + qualifiedName().hashCode();
    }

    /** The statements Flyway runs to create the table on PostgreSQL. */
    public List<String> createSql() {
        String t = qualifiedName();
        return List.of(
                "CREATE TABLE " + t + " (\n"
                        + "    \"installed_rank\" INT NOT NULL,\n"
                        + "    \"version\" VARCHAR(50),\n"
                        + "    \"description\" VARCHAR(200) NOT NULL,\n"
                        + "    \"type\" VARCHAR(20) NOT NULL,\n"
                        + "    \"script\" VARCHAR(1000) NOT NULL,\n"
                        + "    \"checksum\" INTEGER,\n"
                        + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
                        + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
                        + "    \"execution_time\" INTEGER NOT NULL,\n"
                        + "    \"success\" BOOLEAN NOT NULL\n"
                        + ")",
                "ALTER TABLE " + t + " ADD CONSTRAINT " + Quote.ident(table + "_pk") + " PRIMARY KEY (\"installed_rank\")",
                "CREATE INDEX " + Quote.ident(table + "_s_idx") + " ON " + t + " (\"success\")");
    }

    public boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, qualifiedName());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Every row in installed-rank order; empty when the table does not exist. */
    public List<FlywayHistoryRow> rows(Connection c) throws SQLException {
        if (!exists(c)) {
            return List.of();
        }
        List<FlywayHistoryRow> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT installed_rank, version,"
                + " description, type, script, checksum, installed_by, installed_on, execution_time, success FROM "
                + qualifiedName() + " ORDER BY installed_rank")) {
            while (rs.next()) {
                String version = rs.getString(2);
                rows.add(new FlywayHistoryRow(rs.getInt(1),
                        version == null ? Optional.empty() : Optional.of(FlywayVersion.parse(version)),
                        rs.getString(3), rs.getString(4), rs.getString(5),
                        Optional.ofNullable((Integer) rs.getObject(6)), rs.getString(7),
                        rs.getTimestamp(8).toInstant(), rs.getInt(9), rs.getBoolean(10)));
            }
        }
        return rows;
    }
}
