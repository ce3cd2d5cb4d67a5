package io.ferry.migration.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MigrationErrorCodeTest {

    @Test
    void idsAreLowerCaseAndDashed() {
        assertThat(MigrationErrorCode.DUPLICATE_REVISION.id()).isEqualTo("duplicate-revision");
        assertThat(MigrationErrorCode.DUPLICATE_REVISION.runbook())
                .isEqualTo("docs/runbooks/migrations.md#duplicate-revision");
    }

    @Test
    void runbookUrlIsTheServersPageAndAnchor() {
        assertThat(MigrationErrorCode.LOCK_NOT_ACQUIRED.runbookUrl("https://ferry.example.com/"))
                .isEqualTo("https://ferry.example.com/runbooks/running#lock-not-acquired");
        assertThat(MigrationErrorCode.UNKNOWN_REVISION.runbookUrl("http://127.0.0.1:8080"))
                .isEqualTo("http://127.0.0.1:8080/runbooks/targets#unknown-revision");
    }

    @Test
    void sqlStateComesFromTheFirstDatabaseCause() {
        var sql = new java.sql.SQLException("permission denied for table t", "42501");
        var wrapped = new RuntimeException("wrapper", sql);
        assertThat(new FerryException(MigrationErrorCode.MIGRATION_FAILED, "m", "h", wrapped).sqlState())
                .contains("42501");
        assertThat(new FerryException(MigrationErrorCode.UNKNOWN_REVISION, "m", "h").sqlState()).isEmpty();
    }

    @Test
    void everyCodeHasItsRunbookSection() throws IOException {
        Path root = Path.of("..");
        Set<String> missing = new HashSet<>();
        for (ErrorCode code : MigrationErrorCode.values()) {
            String[] parts = code.runbook().split("#");
            Path page = root.resolve(parts[0]);
            if (!Files.exists(page) || !Files.readAllLines(page).contains("## " + parts[1])) {
                missing.add(code.runbook());
            }
        }
        assertThat(missing).as("runbook sections missing for these codes").isEmpty();
    }
}
