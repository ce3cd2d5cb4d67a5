package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TimestampWithoutTimeZoneTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final LintFixture lint = new LintFixture(db);
    static final String RULE = "timestamp-without-time-zone";

    @Test
    void everySpellingIsAWarningAtTheType() throws Exception {
        List<Finding> found = LintFixture.of(RULE, lint.live("""
                CREATE TABLE events (
                    id bigint PRIMARY KEY,
                    created_at timestamp NOT NULL,
                    seen_at TIMESTAMP(3) WITHOUT TIME ZONE,
                    PRIMARY KEY (id)
                );
                ALTER TABLE events ADD COLUMN done_at pg_catalog.timestamp, ADD sent_at timestamp[];
                ALTER TABLE events ALTER COLUMN seen_at TYPE timestamp(0) USING seen_at;
                """));
        assertThat(found).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(found).extracting(Finding::line).containsExactly(3, 4, 7, 7, 8);
        assertThat(found).extracting(Finding::column).containsExactly(16, 13, 39, 73, 46);
        assertThat(found.get(0).message()).contains("column created_at of events is timestamp without time zone");
    }

    @Test
    void timestamptzInEitherSpellingIsNotFlagged() {
        assertThat(LintFixture.of(RULE, lint.offline("""
                CREATE TABLE events (id bigint, created_at timestamptz, seen_at timestamp(3) with time zone,
                    "timestamp" text);
                ALTER TABLE events ADD COLUMN done_at timestamp with time zone;
                ALTER TABLE events ALTER done_at SET DATA TYPE timestamptz;
                """))).isEmpty();
    }
}
