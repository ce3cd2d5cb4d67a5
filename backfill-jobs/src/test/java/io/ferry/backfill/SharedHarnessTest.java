package io.ferry.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL harness of migration-core's test jar serves this module's tests too. */
class SharedHarnessTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void givesThisClassItsOwnDatabase() throws Exception {
        assertThat(db.column("SELECT current_database()")).containsExactly(db.name());
        db.execute("CREATE TABLE batches (id bigint PRIMARY KEY)",
                "INSERT INTO batches SELECT generate_series(1, 1000)");
        assertThat(db.column("SELECT count(*) FROM batches")).containsExactly("1000");
    }
}
