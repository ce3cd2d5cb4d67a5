package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.Project;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive with an agent watching class loading. Flight Recorder is one: with it, the
 * JVM reads each archived class's bytes again from its jar, and on Java 17 it crashed (exit 134) on a class the
 * archive had taken from a multi-release jar's versioned folder (the driver's, loaded once connected). An upgrade
 * and a current against a real database, the commands the archive is trained on, run to the end with a
 * recording on.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClassDataArchiveIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path cwd;

    @Test
    void commandsRunWithFlightRecorderWatchingClassLoading() throws Exception {
        new Project(cwd.resolve("migrations")).revision("c1c1c1c1c1c1", "base",
                "CREATE TABLE notes (id bigint PRIMARY KEY, body text);", "DROP TABLE notes;");
        Path recording = cwd.resolve("ferry.jfr");
        Cli cli = Cli.against(db, cwd).env("FERRY_JAVA_OPTS", "-XX:StartFlightRecording=filename=" + recording);

        Cli.Result up = cli.run("upgrade");
        assertThat(up.exit()).as(up.err()).isZero();
        Cli.Result current = cli.run("current");
        assertThat(current.exit()).as(current.err()).isZero();
        assertThat(current.out()).contains("c1c1c1c1c1c1");
        assertThat(recording).as("the recording the agent wrote").exists();
        assertThat(Files.size(recording)).isPositive();
    }
}
