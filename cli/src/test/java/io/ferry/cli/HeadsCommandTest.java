package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusMainTest
class HeadsCommandTest {

    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void printsTheHeadsAsJson(QuarkusMainLauncher launcher) throws IOException {
        write("a.sql", "-- ferry:revision a1\n-- ferry:revises base\n-- ferry:up\n");
        write("b.sql", "-- ferry:revision b1\n-- ferry:revises a1\n-- ferry:branch-labels left\n-- ferry:up\n");
        write("c.sql", "-- ferry:revision c1\n-- ferry:revises a1\n-- ferry:message right side\n-- ferry:up\n");
        LaunchResult result = launcher.launch("heads", "--dir", dir.toString(), "--json");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo("{\"heads\":[\"b1\",\"c1\"]}");

        LaunchResult text = launcher.launch("heads", "--dir", dir.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.getOutputStream()).containsExactly("b1 (left) (head)", "c1 (head)  right side");
    }

    @Test
    void malformedFilesExitWithTwoAndOneLineNamingTheFile(QuarkusMainLauncher launcher) throws IOException {
        write("a.sql", "-- ferry:revision a1\n-- ferry:revises nowhere\n-- ferry:up\n");
        LaunchResult result = launcher.launch("heads", "--dir", dir.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorStream()).hasSize(1);
        assertThat(result.getErrorOutput()).contains("a.sql", "'nowhere'", "hint:");
        assertThat(result.getOutput()).isEmpty();
    }

    @Test
    @Launch(value = {"heads", "--no-such-flag"}, exitCode = 2)
    void anUnknownFlagExitsWithTwo(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("--no-such-flag");
    }
}
