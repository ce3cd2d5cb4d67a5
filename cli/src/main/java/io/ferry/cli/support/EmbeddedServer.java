package io.ferry.cli.support;

import io.ferry.migration.ErrorCode;
import io.ferry.migration.FerryException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default database: a PostgreSQL server started for one command, with its data kept in
 * {@code .ferry/pg} under the current directory so that it persists from one command to the next.
 */
public final class EmbeddedServer implements AutoCloseable {

    /** Where the data lives, relative to the current directory. */
    public static final Path DATA = Path.of(".ferry", "pg");

    private final EmbeddedPostgres postgres;

    private EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedServer start() {
        Path data = DATA.toAbsolutePath();
        try {
            Files.createDirectories(data);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data.toFile())
                    .setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            return new EmbeddedServer(postgres);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new FerryException(ErrorCode.EMBEDDED_DATABASE_FAILED,
                    "could not start the embedded PostgreSQL in " + DATA + ": " + why.lines().findFirst().orElse(why),
                    "another ferry command may be using it; or give a real server with --url or FERRY_URL");
        }
    }

    public ConnectionSpec connection() {
        return new ConnectionSpec(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
