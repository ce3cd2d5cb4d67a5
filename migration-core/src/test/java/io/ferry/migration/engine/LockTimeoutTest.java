package io.ferry.migration.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration that needs a lock held by a long transaction must not make the application's queries
 * queue behind it for longer than about {@code lock_timeout}; it retries until the long transaction
 * ends. The bounds here are generous on purpose; bench/ measures the latencies precisely.
 */
class LockTimeoutTest {

    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration LONG_TRANSACTION = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void readersWaitAtMostAboutLockTimeoutAndTheMigrationSucceedsByRetrying(@TempDir Path dir) throws Exception {
        db.execute("CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t SELECT generate_series(1, 1000)");
        Project p = new Project(dir);
        p.revision("lt1", "base", "ALTER TABLE t ADD COLUMN note text;", "ALTER TABLE t DROP COLUMN note;");
        List<MigrationEvent> events = new CopyOnWriteArrayList<>();
        Ferry ferry = p.configure(db).lockTimeout(LOCK_TIMEOUT).attempts(60)
                .retryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)).listener(events::add).load();

        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        try (Connection longTx = db.connect(); Statement s = longTx.createStatement()) {
            longTx.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM t").close(); // holds ACCESS SHARE on t until commit
            long longTxStart = System.nanoTime();
            scheduler.schedule(() -> {
                longTx.commit();
                return null;
            }, LONG_TRANSACTION.toMillis(), TimeUnit.MILLISECONDS);

            CompletableFuture<MigrationResult> migration = CompletableFuture.supplyAsync(() -> ferry.upgrade("head"));
            AtomicLong worstRead = new AtomicLong();
            int reads = 0;
            try (Connection app = db.connect(); Statement read = app.createStatement()) {
                while (!migration.isDone()) {
                    long t0 = System.nanoTime();
                    read.executeQuery("SELECT count(*) FROM t").close();
                    worstRead.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    reads++;
                    assertThat(Duration.ofNanos(System.nanoTime() - longTxStart)).as("test bound")
                            .isLessThan(LONG_TRANSACTION.multipliedBy(4));
                }
            }
            MigrationResult result = migration.get(1, TimeUnit.MINUTES);
            Duration worst = Duration.ofNanos(worstRead.get());

            assertThat(result.steps()).singleElement().satisfies(step -> assertThat(step.attempts()).isGreaterThan(1));
            assertThat(Duration.ofNanos(System.nanoTime() - longTxStart)).as("it could only finish after the long"
                    + " transaction").isGreaterThanOrEqualTo(LONG_TRANSACTION);
            assertThat(reads).isGreaterThan(10);
            assertThat(worst).as("the longest an application read waited").isLessThan(LOCK_TIMEOUT.multipliedBy(2));
            assertThat(events).filteredOn(e -> e instanceof MigrationEvent.LockTimeoutRetry).isNotEmpty();
            assertThat(db.column("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"
                    + " AND column_name = 'note'")).containsExactly("1");
            assertThat(ferry.history()).filteredOn(h -> !h.success()).isEmpty();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
