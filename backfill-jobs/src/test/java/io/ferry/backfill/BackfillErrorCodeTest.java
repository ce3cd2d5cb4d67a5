package io.ferry.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackfillErrorCodeTest {

    @Test
    void everyCodeHasItsRunbookSectionAndKeepsItsId() throws IOException {
        assertThat(BackfillErrorCode.BACKFILL_RUNNING.id()).isEqualTo("backfill-running");
        assertThat(BackfillErrorCode.BACKFILL_RUNNING.exitCode()).isEqualTo(4);
        Set<String> missing = new HashSet<>();
        for (BackfillErrorCode code : BackfillErrorCode.values()) {
            String[] parts = code.runbook().split("#");
            Path page = Path.of("..").resolve(parts[0]);
            if (!Files.exists(page) || !Files.readAllLines(page).contains("## " + parts[1])) {
                missing.add(code.runbook());
            }
        }
        assertThat(missing).as("runbook sections missing for these codes").isEmpty();
    }
}
