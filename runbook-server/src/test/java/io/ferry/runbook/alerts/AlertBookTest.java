package io.ferry.runbook.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.alerts.Alert;
import io.ferry.alerts.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The book's state outlives the server: a new book over the same file neither sends again nor forgets. */
class AlertBookTest {

    private static final Instant T0 = Instant.parse("2026-03-01T14:00:00Z");

    /** A spool that takes everything. */
    private static final Consumer<Alert> HANDED = alert -> { };

    @TempDir
    Path dir;

    private static Alert alert(String rule, String subject) {
        return new Alert(rule + ":" + subject, rule, Severity.CRITICAL, rule + " on " + subject,
                Map.of("database", "orders", "subject", subject, "current", List.of("r1")), "https://x/runbooks/running",
                T0, null);
    }

    @Test
    void aRestartedBookKnowsWhatFiresAndWhatResolved() throws Exception {
        Path file = dir.resolve(".ferry/alerts/state.json");
        AlertBook book = new AlertBook(new BookFile(file));
        assertThat(book.settle("migration-failed", List.of(alert("migration-failed", "r2"),
                alert("migration-failed", "r3")), T0, HANDED)).hasSize(2);
        assertThat(book.settle("migration-failed", List.of(alert("migration-failed", "r2")), T0.plusSeconds(5),
                HANDED))
                .singleElement().satisfies(a -> assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(5)));
        assertThat(file).exists();
        assertThat(Files.list(file.getParent())).as("no temporary file is left").containsExactly(file);

        AlertBook restarted = new AlertBook(new BookFile(file));
        assertThat(restarted.active()).containsExactly(alert("migration-failed", "r2"));
        assertThat(restarted.resolved()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("migration-failed:r3");
            assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(5));
        });
        assertThat(restarted.settle("migration-failed", List.of(alert("migration-failed", "r2")), T0.plusSeconds(10),
                HANDED))
                .as("not sent again after the restart").isEmpty();
        assertThat(restarted.settle("backfill-failed", List.of(), T0.plusSeconds(10), HANDED))
                .as("another rule's evaluation leaves it alone").isEmpty();
        assertThat(restarted.firing("migration-failed")).isTrue();
        assertThat(restarted.settle("migration-failed", List.of(), T0.plusSeconds(15), HANDED)).singleElement()
                .satisfies(a -> assertThat(a.key()).isEqualTo("migration-failed:r2"));
        assertThat(new AlertBook(new BookFile(file)).resolved()).extracting(Alert::key)
                .containsExactly("migration-failed:r2", "migration-failed:r3");
    }

    @Test
    void aTransitionTheSpoolRefusedStaysUnrecordedAndIsHandedOverAtTheNextEvaluation() {
        Path file = dir.resolve("state.json");
        AlertBook book = new AlertBook(new BookFile(file));
        List<Alert> spooled = new ArrayList<>();
        Consumer<Alert> fullDisk = alert -> {
            throw new UncheckedIOException(new IOException("No space left on device"));
        };

        assertThat(book.settle("migration-failed", List.of(alert("migration-failed", "r2")), T0, fullDisk)).isEmpty();
        assertThat(book.active()).as("not recorded: not handed over").isEmpty();
        assertThat(file).as("nothing written").doesNotExist();

        assertThat(book.settle("migration-failed", List.of(alert("migration-failed", "r2")), T0.plusSeconds(5),
                spooled::add)).hasSize(1);
        assertThat(spooled).extracting(Alert::key).containsExactly("migration-failed:r2");
        assertThat(new AlertBook(new BookFile(file)).active()).extracting(Alert::key)
                .containsExactly("migration-failed:r2");

        // A resolve the spool refuses leaves the alert firing, and goes out once the spool takes it.
        assertThat(book.settle("migration-failed", List.of(), T0.plusSeconds(10), fullDisk)).isEmpty();
        assertThat(book.firing("migration-failed")).isTrue();
        assertThat(book.settle("migration-failed", List.of(), T0.plusSeconds(15), spooled::add)).singleElement()
                .satisfies(a -> assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(15)));
        assertThat(book.firing("migration-failed")).isFalse();
    }

    @Test
    void anUnreadableFileIsAnEmptyBook() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{not json");
        assertThat(new AlertBook(new BookFile(file)).active()).isEmpty();
    }
}
