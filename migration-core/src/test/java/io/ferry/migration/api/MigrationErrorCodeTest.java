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
