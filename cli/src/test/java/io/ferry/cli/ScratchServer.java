package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test server as a server where Ferry may create scratch databases ({@code --dev-url}), and the check
 * that no {@code ferry_scratch_*} database outlives a test.
 */
final class ScratchServer implements BeforeEachCallback, AfterEachCallback {

    private final TestDatabase db;
    private List<String> before;

    ScratchServer(TestDatabase db) {
        this.db = db;
    }

    /** A {@code postgres://} URL of {@code database} on the test server, the credentials in it. */
    String url(String database) {
        return "postgres://" + db.user() + (db.password() == null ? "" : ":" + db.password()) + "@" + db.host() + ":"
                + db.port() + "/" + database;
    }

    /** The URL for {@code --dev-url}: the server's {@code postgres} database. */
    String devUrl() {
        return url("postgres");
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        before = databases();
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        assertThat(databases()).as("ferry_scratch_* databases after the test").isEqualTo(before);
    }

    private List<String> databases() throws SQLException {
        return db.column("SELECT datname FROM pg_database WHERE datname LIKE 'ferry\\_scratch\\_%' ORDER BY 1");
    }
}
