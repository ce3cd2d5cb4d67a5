package io.ferry.workspace;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts PostgreSQL from the embedded binaries (zonky's, unpacked into the temporary folder once), on an
 * existing or new data folder, and leaves it running: {@link EmbeddedServer} decides when it stops. Kept
 * apart so that a command that finds the server running never loads the launcher's classes.
 */
final class EmbeddedLauncher {

    private EmbeddedLauncher() {
    }

    /**
     * @param port the port, or 0 for a free one
     * @param log  the file the server's messages are appended to
     * @param wait how long to wait for the server to accept connections
     */
    static void start(Path data, int port, Path log, Duration wait) throws IOException {
        Files.createDirectories(data);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data.toFile())
                .setCleanDataDirectory(false)
                // Durable like a production server: the embedded database keeps a project's data. zonky
                // turns fsync (postgres -F) and synchronous_commit off; these -c settings come after it.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // zonky's hook would stop the server when this process ends, while other commands use it.
                .setRegisterShutdownHook(false)
                .setPGStartupWait(wait)
                // The server outlives this process, so its messages go to a file, not to this process's pipes.
                .setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()));
        if (port > 0) {
            builder.setPort(port);
        }
        builder.start();
    }
}
