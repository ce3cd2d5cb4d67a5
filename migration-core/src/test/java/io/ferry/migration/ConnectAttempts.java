package io.ferry.migration;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Connects the way a user of the library does ({@code Ferry.configure().dataSource(url, user, password)}) and
 * asserts how the connection failed: the code, exit code 3, what the message names, and that neither the
 * message nor the hint shows the password.
 */
final class ConnectAttempts {

    private final Path migrations;

    ConnectAttempts(Path migrations) {
        this.migrations = migrations;
    }

    /** A Ferry for {@code url}, with a short connect timeout. */
    Ferry ferry(String url, String user, String password) {
        return Ferry.configure().dataSource(url, user, password).connectTimeout(Duration.ofSeconds(5))
                .locations(migrations).load();
    }

    /** Asserts that reading the database's revisions fails with {@code code}, naming every fragment. */
    FerryException fails(String url, String user, String password, MigrationErrorCode code, String... fragments) {
        FerryException e = assertFails(ferry(url, user, password)::current, code, fragments);
        assertThat(e.category()).isEqualTo(ErrorCategory.CONNECTION);
        assertThat(e.code().exitCode()).isEqualTo(3);
        assertThat(e.runbook()).isEqualTo(code == MigrationErrorCode.CONNECTION_FAILED
                ? "docs/runbooks/running.md#connection-failed" : "docs/runbooks/connections.md#" + code.id());
        if (password != null) {
            for (String shown : List.of(e.getMessage(), e.hint(), e.remedy().toString())) {
                assertThat(shown).doesNotContain(password);
            }
        }
        return e;
    }

    /** Asserts that the URL connects: what a remedy told to change works. */
    void connects(String url, String user, String password) {
        assertThat(ferry(url, user, password).current()).isEmpty();
    }
}
