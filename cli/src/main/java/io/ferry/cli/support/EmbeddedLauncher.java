package io.ferry.cli.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts PostgreSQL from the embedded binaries (zonky's, unpacked into the temporary folder once), on an
 * existing or new data folder. Kept apart from {@link EmbeddedServer} so that a command that finds the
 * server running never loads the launcher's classes.
 */
final class EmbeddedLauncher {

    private EmbeddedLauncher() {
    }

    /**
     * @param keep true to leave the server running when this process ends; false to stop it with this
     *             process at the latest
     * @param log  the file the server's messages are appended to
     * @param port the port, or 0 for a free one
     * @return what stops the server
     */
    static AutoCloseable start(Path data, boolean keep, int port, Path log) throws IOException {
        Files.createDirectories(data);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data.toFile())
                .setCleanDataDirectory(false)
                // Durable like a production server: the embedded database keeps a project's data. zonky
                // turns fsync (postgres -F) and synchronous_commit off; these -c settings come after it.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setRegisterShutdownHook(!keep);
        if (port > 0) {
            builder.setPort(port);
        }
        // The server may outlive this process, so its messages go to a file, not to this process's pipes.
        builder.setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()));
        EmbeddedPostgres postgres = builder.start();
        return postgres::close;
    }
}
