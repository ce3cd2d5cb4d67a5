package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.Runbooks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliErrorCodeTest {

    @Test
    void everyCodeHasItsRunbookSection() {
        assertThat(Runbooks.missing(CliErrorCode.values())).as("runbook sections missing for these codes").isEmpty();
    }

    @Test
    void idsAndExitCodesAreThoseTheDocumentationGives() {
        assertThat(CliErrorCode.INVALID_USAGE.id()).isEqualTo("invalid-usage");
        assertThat(CliErrorCode.INVALID_USAGE.exitCode()).isEqualTo(2);
        assertThat(CliErrorCode.INVALID_USAGE.runbook()).isEqualTo("docs/runbooks/command-line.md#invalid-usage");
        assertThat(CliErrorCode.INTERNAL_ERROR.id()).isEqualTo("internal-error");
        assertThat(CliErrorCode.INTERNAL_ERROR.exitCode()).isEqualTo(1);
    }

    /** Each launcher says it in shell, before any Java runs: in the same three lines, with the same exit code. */
    @ParameterizedTest
    @ValueSource(strings = {"ferry", "ferry-server"})
    void theLaunchersOwnErrorIsNotBuilt(String launcher) throws Exception {
        String script = Files.readString(Path.of("..", launcher));
        CliErrorCode code = CliErrorCode.NOT_BUILT;
        assertThat(script).contains("echo \"error[" + code.id() + "]: ", "echo \"hint: ",
                "echo \"see: " + code.runbook() + "\"", "exit " + code.exitCode() + "\n");
    }
}
