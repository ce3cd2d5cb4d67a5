package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test server as a server where Ferry may create scratch databases, for the commands that replay
 * revisions; registered on a test class, it checks that no ferry_scratch_* database outlives a test.
 */
final class ScratchServer implements BeforeEachCallback, AfterEachCallback {

    private final TestDatabase db;
    private List<String> before;

    ScratchServer(TestDatabase db) {
        this.db = db;
    }

    /** The test server's URL for {@code --dev-url}, its credentials in it. */
    String devUrl() {
        return "postgres://" + db.user() + (db.password() == null ? "" : ":" + db.password()) + "@" + db.host() + ":"
                + db.port() + "/postgres";
    }

    private List<String> databases() throws SQLException {
        return db.column("SELECT datname FROM pg_database WHERE datname LIKE 'ferry\\_scratch\\_%' ORDER BY 1");
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        before = databases();
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        assertThat(databases()).as("ferry_scratch_* databases after the test").isEqualTo(before);
    }
}
