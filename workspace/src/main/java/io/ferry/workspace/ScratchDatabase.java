package io.ferry.workspace;

import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.Secrets;
import io.ferry.migration.api.ErrorCategory;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.jdbc.Session;
import io.ferry.migration.jdbc.SqlErrors;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A database made to be thrown away: {@code ferry_scratch_<random>}, created on a server where Ferry may
 * create and drop databases, and dropped ({@code WITH (FORCE)}, so that a connection left open does not
 * stop it) when closed, whatever happened in between. Revisions are replayed on it to read the schema they
 * produce.
 *
 * <pre>{@code
 * try (ScratchDatabase scratch = ScratchDatabase.create("jdbc:postgresql://localhost:5432/postgres", "me", null,
 *         Duration.ofSeconds(10))) {
 *     Ferry.configure().dataSource(scratch.dataSource()).load().upgrade("heads");
 *     try (Connection c = scratch.dataSource().getConnection()) {
 *         expected = SchemaSnapshot.read(c);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link Workspace#replay} does that for a project.
 */
public final class ScratchDatabase implements AutoCloseable {

    /** Every scratch database's name starts so; Ferry creates and drops no other. */
    public static final String PREFIX = "ferry_scratch_";

    private static final Pattern JDBC_URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The oldest server scratch databases work on: the drop ends the connections left ({@code WITH (FORCE)}). */
    static final int OLDEST_MAJOR = 13;

    private final DataSource server;
    private final String name;
    private final String jdbcUrl;
    private final DataSource dataSource;
    private final int majorVersion;
    private boolean closed;
    private Thread exitHook;

    private ScratchDatabase(DataSource server, String name, String jdbcUrl, DataSource dataSource, int majorVersion) {
        this.server = server;
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.dataSource = dataSource;
        this.majorVersion = majorVersion;
    }

    /**
     * Creates a scratch database on the server {@code serverUrl} reaches (a JDBC URL naming any database
     * the user may connect to, {@code postgres} usually).
     *
     * @throws FerryException a connection code when the server cannot be reached, {@code permission-denied}
     *                        when the user may not create databases there, {@code invalid-configuration}
     *                        when the URL is not PostgreSQL's
     */
    public static ScratchDatabase create(String serverUrl, String user, String password, Duration connectTimeout) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Matcher m = JDBC_URL.matcher(serverUrl.strip());
        if (!m.matches()) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "scratch server URL '"
                    + Secrets.maskUrl(serverUrl) + "' is not a PostgreSQL JDBC URL", "write jdbc:postgresql://HOST:PORT/DATABASE");
        }
        DataSource server = FerryConfiguration.simpleDataSource(serverUrl.strip(), user, password, connectTimeout);
        String name = PREFIX + HexFormat.of().formatHex(bytes(6));
        String url = m.group(1) + "/" + name + (m.group(3) == null ? "" : m.group(3));
        int major;
        try (Session session = Session.open(server); Statement s = session.connection().createStatement()) {
            major = session.majorVersion();
            if (major < OLDEST_MAJOR) {
                throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "the scratch server "
                        + Secrets.maskUrl(serverUrl.strip()) + " is PostgreSQL " + major + "; scratch databases need "
                        + OLDEST_MAJOR + " or later (DROP DATABASE ... WITH (FORCE))",
                        "give --dev-url a PostgreSQL " + OLDEST_MAJOR + " or later, of production's major version");
            }
            // template0: nothing the server's template1 holds (extensions, tables) may look like the schema's own.
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0");
        } catch (SQLException e) {
            FerryException translated = SqlErrors.translate("creating the scratch database " + name, e);
            throw new FerryException(translated.code(), translated.getMessage(), "give --dev-url a server where "
                    + (user == null ? "the user" : user) + " may create databases (CREATEDB), or leave it out to use"
                    + " the embedded PostgreSQL", e);
        } catch (FerryException e) {
            if (e.category() != ErrorCategory.CONNECTION) {
                throw e;
            }
            throw new FerryException(e.code(), "cannot reach the scratch server " + Secrets.maskUrl(serverUrl.strip())
                    + ": " + e.getMessage(), "check --dev-url (a server where Ferry may create databases called "
                    + PREFIX + "*), or leave it out to use the embedded PostgreSQL", e);
        }
        ScratchDatabase scratch = new ScratchDatabase(server, name, url,
                FerryConfiguration.simpleDataSource(url, user, password, connectTimeout), major);
        scratch.dropAtExit();
        return scratch;
    }

    /**
     * A command stopped by Ctrl-C or SIGTERM runs shutdown hooks, not its {@code finally} blocks: this hook drops
     * the database then, and {@link #close} takes it away when the command ends normally.
     */
    private void dropAtExit() {
        Thread hook = new Thread(() -> {
            try {
                close();
            } catch (RuntimeException lateAndBestEffort) {
                // The process is ending; the server may be going too (the embedded one stops in its own hook).
            }
        }, "ferry-drop-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        this.exitHook = hook;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Its name: {@code ferry_scratch_} and twelve hexadecimal digits. */
    public String name() {
        return name;
    }

    /** Its JDBC URL (without the credentials, which are the server's). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Connections to it, as the user that created it. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The server's major version, for example 17. */
    public int majorVersion() {
        return majorVersion;
    }

    /** Drops the database, ending any connection to it still open; does nothing the second time. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (exitHook != null && Thread.currentThread() != exitHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: this drop and that one are the same, done once.
            }
        }
        try (Session session = Session.open(server); Statement s = session.connection().createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw SqlErrors.translate("dropping the scratch database " + name, e);
        }
    }
}
