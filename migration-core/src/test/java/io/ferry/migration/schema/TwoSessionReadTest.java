package io.ferry.migration.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.migration.api.FerryException;

import io.ferry.migration.testing.Await;
import io.ferry.migration.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reading a snapshot from a data source: the constraints and indexes on a second session that imports the
 * first one's snapshot, and everything on the first when no second session can help.
 */
class TwoSessionReadTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final SchemaScope SCOPE = SchemaScope.allSchemas().withFerryTablesIn("public");

    @BeforeAll
    static void fixture() throws SQLException {
        db.execute(SchemaFixtures.EVERY_KIND);
    }

    @Test
    void readsTheSameSnapshotAsOneSessionWithAFixedNumberOfStatements() throws Exception {
        Observed small = bothSessionsRead();
        SchemaSnapshot twoSessions = SchemaSnapshot.read(small.dataSource(), SCOPE);
        assertThat(twoSessions).isEqualTo(oneSession());
        assertThat(twoSessions.toJson()).isEqualTo(oneSession().toJson());

        StringBuilder bulk = new StringBuilder("CREATE SCHEMA bulk;");
        for (int i = 0; i < 150; i++) {
            bulk.append("CREATE TABLE bulk.t").append(i).append(" (id int PRIMARY KEY, a text, b int REFERENCES bulk.t0(id));")
                    .append("CREATE INDEX ON bulk.t").append(i).append(" (a);");
        }
        db.execute(bulk.toString());
        try {
            Observed large = bothSessionsRead();
            SchemaSnapshot read = SchemaSnapshot.read(large.dataSource(), SCOPE);
            assertThat(read.indexes()).filteredOn(i -> i.schema().equals("bulk")).hasSize(150);
            assertThat(read).isEqualTo(oneSession());
            // Each session's own statements (opening it, its transaction) and one per kind of object, on
            // whichever session ran it: the same few whatever the size of the schema.
            // The second session may still be noting its last statement when the read returns: counted once it closed.
            small.awaitClosed();
            large.awaitClosed();
            assertThat(small.connectionsThatRan("SET TRANSACTION SNAPSHOT")).containsExactly(2);
            assertThat(large.connectionsThatRan("SET TRANSACTION SNAPSHOT")).containsExactly(2);
            assertThat(large.statements()).isLessThanOrEqualTo(24).isEqualTo(small.statements());
            assertThat(small.aborted()).as("a read that succeeds gives both connections back").isEmpty();
            assertThat(large.aborted()).isEmpty();
        } finally {
            db.execute("DROP SCHEMA bulk CASCADE");
        }
    }

    @Test
    void theSecondSessionReadsInTheFirstSessionsSnapshot() throws Exception {
        CountDownLatch secondReadsIndexes = new CountDownLatch(1);
        Observed observed = new Observed(db.dataSource()) {
            @Override
            void before(int connection, String sql) throws SQLException {
                if (sql.contains("SET TRANSACTION SNAPSHOT")) {
                    // Between the export and the import, another session adds an index and commits.
                    db.execute("CREATE INDEX added_meanwhile ON app.documents (title)");
                }
                if (connection != 1 && sql.contains("pg_get_indexdef")) {
                    secondReadsIndexes.countDown();
                }
                if (connection == 1 && sql.contains("pg_get_triggerdef")) {
                    // The first session goes on once the second has claimed the indexes.
                    await(secondReadsIndexes);
                }
            }
        };
        try {
            SchemaSnapshot read = SchemaSnapshot.read(observed.dataSource(), SCOPE);

            assertThat(read.indexes()).extracting(Index::name).doesNotContain("added_meanwhile")
                    .contains("documents_lower_title_idx");
            assertThat(observed.connectionsThatRan("SET TRANSACTION SNAPSHOT")).as("a second session imported the"
                    + " snapshot").containsExactly(2);
            assertThat(observed.connectionsThatRan("pg_get_indexdef")).as("and read the indexes").containsExactly(2);
            assertThat(SchemaSnapshot.read(db.dataSource(), SCOPE).indexes()).extracting(Index::name)
                    .contains("added_meanwhile");
        } finally {
            db.execute("DROP INDEX IF EXISTS app.added_meanwhile");
        }
    }

    /**
     * The second session fails a query, which the first runs again; the second is still closing its session
     * when the read returns, and is let finish: it gives its connection back rather than have it aborted.
     */
    @Test
    void aQueryTheSecondSessionFailsIsRunAgainOnTheFirstAndTheSecondIsGivenBack() throws Exception {
        CountDownLatch secondFailed = new CountDownLatch(1);
        CountDownLatch readReturned = new CountDownLatch(1);
        Observed observed = new Observed(db.dataSource()) {
            @Override
            void before(int connection, String sql) throws SQLException {
                if (connection != 1 && sql.contains("pg_get_indexdef")) {
                    secondFailed.countDown();
                    throw new SQLException("canceling statement due to statement timeout", "57014");
                }
                if (connection != 1 && secondFailed.getCount() == 0 && sql.contains("FROM pg_settings")) {
                    await(readReturned); // the second session's own closing, still under way when the read ends
                }
                if (connection == 1 && sql.contains("pg_get_triggerdef")) {
                    await(secondFailed);
                }
            }
        };
        SchemaSnapshot read;
        try {
            read = SchemaSnapshot.read(observed.dataSource(), SCOPE);
        } finally {
            readReturned.countDown();
        }
        observed.awaitClosed();

        assertThat(read).isEqualTo(oneSession());
        assertThat(observed.connectionsThatRan("pg_get_indexdef")).containsExactlyInAnyOrder(1, 2);
        assertThat(observed.aborted()).as("nothing aborted after a read that succeeded").isEmpty();
        assertThat(observed.connectionsThatRan("set_config('application_name'")).as("both sessions restored")
                .containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void aReadThatFailsCutsTheSecondSessionShort() throws Exception {
        CountDownLatch secondRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Observed observed = new Observed(db.dataSource()) {
            @Override
            void before(int connection, String sql) throws SQLException {
                if (connection != 1 && sql.contains("pg_get_indexdef")) {
                    secondRunning.countDown();
                    await(release); // still reading the indexes when the first session fails
                }
                if (connection == 1 && sql.contains("pg_get_triggerdef")) {
                    await(secondRunning);
                    throw new SQLException("could not read block 7 in file \"base/5/1259\"", "XX001");
                }
            }
        };
        try {
            assertThatThrownBy(() -> SchemaSnapshot.read(observed.dataSource(), SCOPE))
                    .isInstanceOf(FerryException.class).hasMessageContaining("could not read block 7");
            assertThat(observed.aborted()).as("the second session's connection, aborted before the failure returned")
                    .containsExactly(2);
        } finally {
            release.countDown();
        }
        observed.awaitClosed();
    }

    @Test
    void readsItAllOnOneSessionWhenNoSecondConnectionCanBeHad() throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch wasRefused = new CountDownLatch(1);
        Observed oneAtATime = new Observed(db.dataSource()) {
            @Override
            void opening() throws SQLException {
                if (open.incrementAndGet() > 1) {
                    open.decrementAndGet();
                    refused.incrementAndGet();
                    wasRefused.countDown();
                    throw new SQLException("sorry, too many clients already", "53300");
                }
            }

            @Override
            void before(int connection, String sql) {
                if (sql.contains("pg_get_triggerdef")) {
                    await(wasRefused); // the first session holds its connection until the second asked for one
                }
            }

            @Override
            void closed() {
                open.decrementAndGet();
            }
        };
        SchemaSnapshot read = SchemaSnapshot.read(oneAtATime.dataSource(), SCOPE);

        assertThat(refused.get()).as("the second session was refused a connection").isEqualTo(1);
        assertThat(read).isEqualTo(oneSession());
        assertThat(oneAtATime.connectionThatRan("pg_get_indexdef")).isEqualTo(1);
    }

    @Test
    void readsItAllOnOneSessionWhenTheServerWillNotExportASnapshot() throws SQLException {
        // A user who may not call pg_export_snapshot (the server refuses it, as some hosted services do).
        String role = "no_export_" + db.name();
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'secret-1'",
                "GRANT CONNECT ON DATABASE " + db.name() + " TO " + role,
                "REVOKE EXECUTE ON FUNCTION pg_catalog.pg_export_snapshot() FROM PUBLIC");
        try {
            PGSimpleDataSource as = new PGSimpleDataSource();
            as.setURL(db.url());
            as.setUser(role);
            as.setPassword("secret-1");
            Observed noExport = new Observed(as);
            SchemaSnapshot read = SchemaSnapshot.read(noExport.dataSource(), SCOPE);

            try (Connection c = as.getConnection()) {
                assertThat(read).isEqualTo(SchemaSnapshot.read(c, SCOPE));
            }
            assertThat(noExport.connectionThatRan("pg_export_snapshot")).as("asked").isEqualTo(1);
            assertThat(noExport.connectionThatRan("SET TRANSACTION SNAPSHOT")).as("nothing to import").isZero();
            assertThat(noExport.connectionThatRan("pg_get_indexdef")).isEqualTo(1);
        } finally {
            db.execute("GRANT EXECUTE ON FUNCTION pg_catalog.pg_export_snapshot() TO PUBLIC", "DROP OWNED BY " + role,
                    "DROP ROLE " + role);
        }
    }

    /**
     * Observes a read in which the second session always takes part: the first waits, after exporting its
     * snapshot, until the second is importing it. Without that wait, a first session that is quick enough
     * reads everything before the second begins, and the second runs none of its own statements.
     */
    private static Observed bothSessionsRead() {
        CountDownLatch importing = new CountDownLatch(1);
        AtomicInteger firstsAfterExport = new AtomicInteger(-1);
        return new Observed(db.dataSource()) {
            @Override
            void before(int connection, String sql) {
                if (connection != 1 && sql.contains("SET TRANSACTION SNAPSHOT")) {
                    importing.countDown();
                }
                if (connection == 1 && sql.contains("pg_export_snapshot")) {
                    firstsAfterExport.set(0);
                } else if (connection == 1 && firstsAfterExport.get() >= 0 && firstsAfterExport.getAndIncrement() == 0) {
                    await(importing);
                }
            }
        };
    }

    /** Waits for {@code latch}, long enough that only a hang reaches the end; a hang fails the test's assertions. */
    private static void await(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SchemaSnapshot oneSession() throws SQLException {
        try (Connection c = db.connect()) {
            return SchemaSnapshot.read(c, SCOPE);
        }
    }

    /**
     * A data source whose connections note every statement they run, with hooks around each; connections
     * are numbered from 1 in the order they are opened.
     */
    private static class Observed {
        private final DataSource real;
        private final AtomicInteger connections = new AtomicInteger();
        private final Set<Integer> ended = ConcurrentHashMap.newKeySet();
        private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
        private final Set<Integer> aborted = ConcurrentHashMap.newKeySet();

        Observed(DataSource real) {
            this.real = real;
        }

        void opening() throws SQLException {
        }

        void closed() {
        }

        void before(int connection, String sql) throws SQLException {
        }

        /** The numbers of the connections that were aborted rather than closed. */
        Set<Integer> aborted() {
            return aborted;
        }

        int statements() {
            return ran.size();
        }

        /** Waits until every connection it handed out was closed (or aborted). */
        void awaitClosed() throws Exception {
            Await.until("the read's sessions to close", () -> ended.size() == connections.get());
        }

        /** The numbers of the connections that ran a statement containing {@code text}, in order, once each. */
        List<Integer> connectionsThatRan(String text) {
            synchronized (ran) {
                return ran.stream().filter(s -> s.contains(text)).map(s -> Integer.parseInt(s.substring(0, s.indexOf(':'))))
                        .distinct().toList();
            }
        }

        /** The number of the connection that ran a statement containing {@code text}; 0 if none did. */
        int connectionThatRan(String text) {
            synchronized (ran) {
                return ran.stream().filter(s -> s.contains(text)).findFirst()
                        .map(s -> Integer.parseInt(s.substring(0, s.indexOf(':')))).orElse(0);
            }
        }

        DataSource dataSource() {
            return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("getConnection")) {
                            opening();
                            int number = connections.incrementAndGet();
                            return connection(number, (Connection) forward(method, real, args));
                        }
                        return forward(method, real, args);
                    });
        }

        private Connection connection(int number, Connection c) {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement")) {
                            note(number, (String) args[0]);
                        }
                        Object result = forward(method, c, args);
                        if (method.getName().equals("close")) {
                            closed();
                        }
                        if (method.getName().equals("abort")) {
                            aborted.add(number);
                        }
                        if (method.getName().equals("close") || method.getName().equals("abort")) {
                            ended.add(number);
                        }
                        if (method.getName().equals("createStatement")) {
                            return statement(number, (Statement) result);
                        }
                        return result;
                    });
        }

        private Statement statement(int number, Statement s) {
            return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                    (proxy, method, args) -> {
                        boolean sql = method.getName().startsWith("execute") && args != null && args[0] instanceof String;
                        if (sql) {
                            note(number, (String) args[0]);
                        }
                        return forward(method, s, args);
                    });
        }

        private void note(int number, String sql) throws SQLException {
            ran.add(number + ": " + sql);
            before(number, sql);
        }

        private static Object forward(Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
