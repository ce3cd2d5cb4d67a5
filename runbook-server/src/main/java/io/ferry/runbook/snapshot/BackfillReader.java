package io.ferry.runbook.snapshot;

import io.ferry.backfill.BatchReport;
import io.ferry.backfill.Backfills;
import io.ferry.backfill.JobDefinition;
import io.ferry.backfill.JobStatus;
import io.ferry.backfill.RunRecord;
import io.ferry.runbook.snapshot.Snapshot.Backfill;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The declared backfill jobs and their newest runs, through the backfill module's own status API
 * ({@link Backfills#status}, as {@code ferry backfill status} reads them), on the refresh's connection.
 */
final class BackfillReader {

    /** How many recent batches the rate is measured over. */
    static final int RECENT_BATCHES = 5;

    private BackfillReader() {
    }

    /** Empty when no job is declared; a job that never ran (or whose tables do not exist yet) is {@code never-run}. */
    static List<Backfill> read(Connection c, List<JobDefinition> jobs, String schema, Path projectDir) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        Backfills backfills = Backfills.configure().dataSource(new Borrowed(c)).schema(schema).projectDir(projectDir)
                .jobs(jobs).load();
        return backfills.status(RECENT_BATCHES).stream().map(BackfillReader::backfill).toList();
    }

    static Backfill backfill(JobStatus s) {
        JobDefinition job = s.definition();
        Integer pid = s.runningIn().map(h -> h.pid()).orElse(null);
        if (s.last().isEmpty()) {
            return new Backfill(job.name(), job.type(), "never-run", pid, null, 0, 0, 0, null, null, null, null, null);
        }
        RunRecord r = s.last().get();
        return new Backfill(job.name(), job.type(), r.displayState(), pid, r.id(), r.rowsScanned(), r.rowsChanged(),
                r.batches(), rate(r.recent()), r.error().map(Texts::oneLine).orElse(null), r.startedAt(), r.updatedAt(),
                r.endedAt().orElse(null));
    }

    /** Rows walked per second over the batches' own time; null when they took no measurable time. */
    static Long rate(List<BatchReport> recent) {
        long ms = recent.stream().mapToLong(BatchReport::durationMs).sum();
        long rows = recent.stream().mapToLong(BatchReport::rowsScanned).sum();
        return ms <= 0 ? null : rows * 1000 / ms;
    }

    /** A data source that lends the one connection it holds; closing what it lends leaves that connection open. */
    private static final class Borrowed implements DataSource {
        private final Connection connection;

        Borrowed(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Connection getConnection() {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "close":
                                return null;
                            case "isClosed":
                                return connection.isClosed();
                            default:
                                try {
                                    return method.invoke(connection, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                        }
                    });
        }

        @Override
        public Connection getConnection(String username, String password) {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
