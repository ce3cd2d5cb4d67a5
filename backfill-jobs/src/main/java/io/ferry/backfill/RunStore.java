package io.ferry.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.jdbc.Transactions;
import io.ferry.migration.sql.Quote;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tables that record backfills: {@code ferry_backfill_runs}, one row per run (its state, checkpoint
 * and totals), and {@code ferry_backfill_batches}, the figures of each batch. A batch's checkpoint is
 * written by {@link #checkpoint} inside the batch's own transaction, so the rows it changed and the
 * record that it is done commit together or not at all.
 */
final class RunStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Serialises the creation of the tables; the job name cannot clash with a real job (names have no NUL). */
    private static final long CREATE_LOCK = JobLock.key("", "\u0000tables");

    private final String schema;
    private final String runs;
    private final String batches;

    RunStore(String schema) {
        this.schema = schema;
        this.runs = Quote.ident(schema) + ".ferry_backfill_runs";
        this.batches = Quote.ident(schema) + ".ferry_backfill_batches";
    }

    /** True once a real run has created the tables; a dry run never creates them. */
    boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, runs);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Creates the tables when missing (serialised, so that two first runs do not collide). */
    void ensure(Connection c) throws SQLException {
        if (exists(c)) {
            return;
        }
        Transactions.run(c, tx -> {
            try (Statement s = tx.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ")");
                s.execute("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(schema));
                s.execute("CREATE TABLE IF NOT EXISTS " + runs + " ("
                        + " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " job text NOT NULL,"
                        + " parameters jsonb NOT NULL,"
                        + " started_by text NOT NULL,"
                        + " started_at timestamptz NOT NULL DEFAULT now(),"
                        + " updated_at timestamptz NOT NULL DEFAULT now(),"
                        + " ended_at timestamptz,"
                        + " state text NOT NULL CHECK (state IN ('running', 'paused', 'succeeded', 'failed', 'cancelled')),"
                        + " cursor jsonb,"
                        + " rows_scanned bigint NOT NULL DEFAULT 0,"
                        + " rows_changed bigint NOT NULL DEFAULT 0,"
                        + " batches integer NOT NULL DEFAULT 0,"
                        + " attempts integer NOT NULL DEFAULT 1,"
                        + " error text)");
                s.execute("CREATE INDEX IF NOT EXISTS ferry_backfill_runs_job_idx ON " + runs + " (job, id DESC)");
                s.execute("CREATE TABLE IF NOT EXISTS " + batches + " ("
                        + " run_id bigint NOT NULL REFERENCES " + runs + " (id) ON DELETE CASCADE,"
                        + " batch integer NOT NULL,"
                        + " attempt integer NOT NULL,"
                        + " cursor_from jsonb,"
                        + " cursor_to jsonb NOT NULL,"
                        + " batch_size integer NOT NULL,"
                        + " rows_scanned bigint NOT NULL,"
                        + " rows_changed bigint NOT NULL,"
                        + " duration_ms bigint NOT NULL,"
                        + " finished_at timestamptz NOT NULL DEFAULT now(),"
                        + " PRIMARY KEY (run_id, batch))");
                s.execute("COMMENT ON TABLE " + runs + " IS 'Ferry backfill runs: one row per run of a job, with its"
                        + " checkpoint (cursor) and totals'");
            }
        });
    }

    /** The newest run of a job; {@code lockFree} says whether nobody holds the job's lock now. */
    Optional<RunRecord> latest(Connection c, String job, boolean lockFree, int recentBatches)
            throws SQLException {
        List<RunRecord> found = select(c, " WHERE job = ? ORDER BY id DESC LIMIT 1", job, lockFree, recentBatches);
        return found.stream().findFirst();
    }

    private List<RunRecord> select(Connection c, String where, String job, boolean lockFree, int recentBatches)
            throws SQLException {
        List<RunRecord> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, job, parameters::text, started_by, started_at,"
                + " updated_at, ended_at, state, cursor::text, rows_scanned, rows_changed, batches, attempts, error"
                + " FROM " + runs + where)) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunState state = RunState.of(rs.getString(8));
                    Timestamp ended = rs.getTimestamp(7);
                    long id = rs.getLong(1);
                    result.add(new RunRecord(id, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                            Optional.ofNullable(ended).map(Timestamp::toInstant), state,
                            Optional.ofNullable(rs.getString(9)).map(RunStore::cursor), rs.getLong(10), rs.getLong(11),
                            rs.getInt(12), rs.getInt(13), Optional.ofNullable(rs.getString(14)),
                            state == RunState.RUNNING && lockFree, List.of()));
                }
            }
        }
        if (recentBatches > 0) {
            List<RunRecord> withBatches = new ArrayList<>();
            for (RunRecord r : result) {
                withBatches.add(new RunRecord(r.id(), r.job(), r.parameters(), r.startedBy(), r.startedAt(),
                        r.updatedAt(), r.endedAt(), r.state(), r.cursor(), r.rowsScanned(), r.rowsChanged(),
                        r.batches(), r.attempts(), r.error(), r.interrupted(), recent(c, r.id(), recentBatches)));
            }
            return withBatches;
        }
        return result;
    }

    private List<BatchReport> recent(Connection c, long run, int limit) throws SQLException {
        List<BatchReport> reports = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT batch, cursor_from::text, cursor_to::text, batch_size,"
                + " rows_scanned, rows_changed, duration_ms FROM " + batches + " WHERE run_id = ? ORDER BY batch DESC"
                + " LIMIT ?")) {
            ps.setLong(1, run);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reports.add(new BatchReport(rs.getInt(1), Optional.ofNullable(rs.getString(2)).map(RunStore::cursor),
                            cursor(rs.getString(3)), rs.getInt(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        return reports;
    }

    /** Records a new run, {@code running}; returns its id. */
    long start(Connection c, String job, String parameters, String startedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + runs + " (job, parameters, started_by, state)"
                + " VALUES (?, ?::jsonb, ?, 'running') RETURNING id")) {
            ps.setString(1, job);
            ps.setString(2, parameters);
            ps.setString(3, startedBy);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Takes up an interrupted run again: {@code running}, one more attempt, the old error cleared. */
    void resume(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs + " SET state = 'running', attempts = attempts + 1,"
                + " error = NULL, ended_at = NULL, updated_at = now() WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /**
     * Records a batch: moves the checkpoint and adds the figures, in the caller's transaction, the one
     * that changed the batch's rows. It writes only while the run is this attempt's and {@code lock}
     * still holds the job's lock; returns false otherwise, and the caller rolls the batch back.
     */
    boolean checkpoint(Connection c, long id, int attempt, JobLock lock, BatchReport batch)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH run AS (UPDATE " + runs + " SET cursor = ?::jsonb,"
                + " rows_scanned = rows_scanned + ?, rows_changed = rows_changed + ?, batches = batches + 1,"
                + " updated_at = now() WHERE id = ? AND state = 'running' AND attempts = ? AND "
                + lock.heldCondition() + " RETURNING id, batches)"
                + " INSERT INTO " + batches + " (run_id, batch, attempt, cursor_from, cursor_to, batch_size, rows_scanned,"
                + " rows_changed, duration_ms) SELECT id, batches, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ? FROM run")) {
            String to = json(batch.upTo());
            int i = 1;
            ps.setString(i++, to);
            ps.setLong(i++, batch.rowsScanned());
            ps.setLong(i++, batch.rowsChanged());
            ps.setLong(i++, id);
            ps.setInt(i++, attempt);
            ps.setInt(i++, attempt);
            ps.setString(i++, batch.after().map(RunStore::json).orElse(null));
            ps.setString(i++, to);
            ps.setInt(i++, batch.batchSize());
            ps.setLong(i++, batch.rowsScanned());
            ps.setLong(i++, batch.rowsChanged());
            ps.setLong(i, batch.durationMs());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Ends this attempt of a run: its state, when, and the error if it failed. Only while the run is
     * still this attempt's and {@code running}: a newer attempt or an operator's change wins.
     */
    void finish(Connection c, long id, int attempt, RunState state, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs + " SET state = ?, error = ?, updated_at = now(),"
                + " ended_at = CASE WHEN ? THEN now() END WHERE id = ? AND attempts = ? AND state = 'running'")) {
            ps.setString(1, state.column());
            ps.setString(2, error);
            ps.setBoolean(3, state == RunState.SUCCEEDED || state == RunState.FAILED || state == RunState.CANCELLED);
            ps.setLong(4, id);
            ps.setInt(5, attempt);
            ps.executeUpdate();
        }
    }

    /**
     * Leaves this attempt of a run unfinished with the error that stopped it (its connection was lost):
     * the row stays {@code running}, which status shows as interrupted once no process holds the job's
     * lock, and the next run resumes it. Only while the run is still this attempt's.
     */
    void interrupt(Connection c, long id, int attempt, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs + " SET error = ?, updated_at = now()"
                + " WHERE id = ? AND attempts = ? AND state = 'running'")) {
            ps.setString(1, error);
            ps.setLong(2, id);
            ps.setInt(3, attempt);
            ps.executeUpdate();
        }
    }

    /** Marks an interrupted run cancelled, when a new run starts over instead of resuming it. */
    void cancel(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs + " SET state = 'cancelled', error ="
                + " 'abandoned by --restart', updated_at = now(), ended_at = now() WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** The run's row now. */
    RunRecord get(Connection c, long id, String job) throws SQLException {
        return select(c, " WHERE job = ? AND id = " + id, job, false, 0).get(0);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A cursor, read back from its JSON array. */
    static List<String> cursor(String json) {
        try {
            return JSON.readValue(json.getBytes(StandardCharsets.UTF_8), new TypeReference<List<String>>() {
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a checkpoint in ferry_backfill_runs is not a JSON array: " + json, e);
        }
    }

    /** True when two JSON texts hold the same value. */
    static boolean sameJson(String a, String b) {
        try {
            return JSON.readTree(a).equals(JSON.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** The value under {@code field} of a JSON object text, as JSON text; "null" when absent. */
    static String field(String json, String field) {
        try {
            return JSON.writeValueAsString(JSON.readTree(json).get(field));
        } catch (JsonProcessingException e) {
            return "null";
        }
    }
}
