package io.ferry.migration.schema;

import io.ferry.migration.jdbc.Session;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A second session that runs some of a snapshot's queries while the first runs the others. Deparsing
 * constraints and indexes ({@code pg_get_constraintdef}, {@code pg_get_indexdef}) is most of the server's
 * work on a large schema, so with two sessions one backend deparses while the client decodes the other's
 * rows, and two cores are busy. The second session imports the first one's exported snapshot, so both
 * read the same state of the database.
 *
 * <p>It is only ever a help. Each shared query goes to whichever session claims it first: the second
 * takes them in the order they were shared, the first, when it is done with its own, takes what is left
 * from the other end ({@link #take}) and runs it as it would alone. So when the second connection is slow
 * to come, a pool has none to spare, or the server refuses the import, the first session reads it all and
 * the second gives up quietly; a query the second session fails, the first runs again. The data source
 * must give each call a connection of its own (a driver's data source or a pool, not one connection
 * lent twice).
 */
final class SecondSession implements AutoCloseable {

    /** What {@code pg_export_snapshot} returns: hexadecimal numbers and dashes. */
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]+");

    /** A catalog query over an array of schema names. */
    @FunctionalInterface
    interface Query {
        List<?> run(Connection c, Array schemas) throws SQLException;
    }

    /** A query either session may run, and its rows once run. */
    private static final class Shared {
        private final Query query;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<List<?>> rows = new CompletableFuture<>();

        private Shared(Query query) {
            this.query = query;
        }

        private void runHere(Connection c, Array schemas) {
            try {
                rows.complete(query.run(c, schemas));
            } catch (Throwable e) {
                rows.completeExceptionally(e);
            }
        }
    }

    private record Start(String snapshotId, List<String> named) {
    }

    private final List<Shared> shared = new ArrayList<>();
    private final CompletableFuture<Start> start = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile boolean busy;
    private volatile Connection connection;

    /**
     * Shares these queries, in the order the second session runs them, and starts connecting on a thread of
     * its own, so that the connection is ready by the time the snapshot is.
     */
    SecondSession(DataSource source, List<Query> queries) {
        queries.forEach(q -> shared.add(new Shared(q)));
        Thread thread = new Thread(() -> run(source), "ferry-schema-second-session");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Hands over the first session's exported snapshot and the schemas to read, as {@link SchemaScope#schemas()}
     * names them: the second session looks them up itself, in the same snapshot, rather than wait for the
     * first to.
     */
    void begin(String snapshotId, List<String> named) {
        start.complete(new Start(snapshotId, named));
    }

    /**
     * The rows of the {@code index}th shared query: run here on {@code c} if the second session has not
     * claimed it, else the second session's rows (waiting for them). When the second session failed the
     * query (its connection broke, a setting of its own timed it out), it runs here too: the queries only
     * read, in the same snapshot, so an error that is the database's comes back from this session as well.
     * Take them last to first.
     */
    List<?> take(int index, Connection c, Array schemas) throws SQLException {
        Shared s = shared.get(index);
        if (s.claimed.compareAndSet(false, true)) {
            return s.query.run(c, schemas);
        }
        try {
            return s.rows.join();
        } catch (CompletionException e) {
            return s.query.run(c, schemas);
        }
    }

    /**
     * Tells the second session it is no longer wanted: it claims nothing more and gives its connection back.
     * After a read that succeeded it runs none of the shared queries (the first session waited for every one
     * it claimed); what it may still be doing (importing the snapshot, closing its session) ends on its own.
     */
    @Override
    public void close() {
        closed = true;
        shared.forEach(s -> s.claimed.set(true));
        start.cancel(false);
    }

    /**
     * As {@link #close}, after the first session failed: a query the second session is still running is
     * cut short by aborting its connection, so that the failure is not held up by a read nobody will use.
     */
    void abandon() {
        close();
        Connection c = connection;
        if (c != null && busy) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                // it is closing on its own
            }
        }
    }

    private void run(DataSource source) {
        Session session;
        try {
            session = Session.open(source);
        } catch (RuntimeException e) {
            return; // the first session runs them all
        }
        try (session) {
            Start s;
            try {
                s = start.join();
            } catch (RuntimeException cancelled) {
                return;
            }
            Connection c = session.connection();
            connection = c;
            if (closed || !imported(c, s.snapshotId())) {
                return;
            }
            Array names = c.createArrayOf("text",
                    ObjectQueries.schemas(c, s.named()).stream().map(Schema::name).toArray());
            for (Shared query : shared) {
                // Busy before the claim: abandon() claims everything and then reads busy, so a claim won
                // before that is always seen.
                busy = true;
                if (query.claimed.compareAndSet(false, true)) {
                    query.runHere(c, names);
                    if (query.rows.isCompletedExceptionally()) {
                        return; // the first session runs it again, and what is left
                    }
                }
                busy = false;
            }
        } catch (SQLException e) {
            // the schemas' lookup failed before anything was claimed: the first session runs them all
        } finally {
            busy = false;
        }
    }

    /** Begins a transaction that sees the exported snapshot; false when the server would not have it. */
    private static boolean imported(Connection c, String snapshotId) {
        if (!SNAPSHOT_ID.matcher(snapshotId).matches()) {
            return false;
        }
        try {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
                        + " SET TRANSACTION SNAPSHOT '" + snapshotId + "';"
                        + " SELECT set_config('search_path', 'pg_catalog', true)");
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
