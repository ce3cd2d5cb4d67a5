package io.ferry.migration.engine;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.event.MigrationEvent;
import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EventsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void eventsArriveInOrderAndAFailingListenerBreaksNothing(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("ev1", "base", "CREATE TABLE ev (id int);", null);
        p.revision("ev2", "ev1", "INSERT INTO ev VALUES (1);", null);
        List<MigrationEvent> events = new CopyOnWriteArrayList<>();
        Ferry ferry = p.configure(db)
                .listener(event -> {
                    throw new IllegalStateException("a broken listener");
                })
                .listener(events::add)
                .load();

        ferry.upgrade("ev2");

        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "RunStarted", "LockAcquired", "RevisionStarted", "RevisionApplied", "RevisionStarted",
                "RevisionApplied", "RunFinished");
        MigrationEvent.RunFinished finished = (MigrationEvent.RunFinished) events.get(events.size() - 1);
        assertThat(finished.success()).isTrue();
        assertThat(finished.revisionsRun()).isEqualTo(2);
        assertThat(finished.heads()).containsExactly("ev2");
        assertThat(db.column("SELECT count(*) FROM ev")).containsExactly("1");
        assertThat(ServiceLoadedListener.runsStartedFor("ev2")).as("found through ServiceLoader").isEqualTo(1);
    }

    @Test
    void aFailedRevisionIsAnEventToo(@TempDir Path dir) throws Exception {
        Project p = new Project(dir);
        p.revision("bad1", "base", "SELECT no_such_function();", null);
        List<MigrationEvent> events = new CopyOnWriteArrayList<>();
        Ferry ferry = p.configure(db).schema("events_failure").listener(events::add).load();
        assertFails(() -> ferry.upgrade("head"), MigrationErrorCode.MIGRATION_FAILED, "bad1", "no_such_function");

        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "RunStarted", "LockAcquired", "RevisionStarted", "RevisionFailed", "RunFinished");
        assertThat(events).filteredOn(e -> e instanceof MigrationEvent.RevisionFailed).singleElement()
                .satisfies(e -> {
                    MigrationEvent.RevisionFailed failed = (MigrationEvent.RevisionFailed) e;
                    assertThat(failed.revision()).isEqualTo("bad1");
                    assertThat(failed.error()).contains("no_such_function");
                    assertThat(failed.line()).isEqualTo(5);
                });
        assertThat(((MigrationEvent.RunFinished) events.get(events.size() - 1)).success()).isFalse();
    }
}
