package io.ferry.cli.support;

import io.ferry.workspace.ConnectionSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Which database. Every command accepts these, before or after its name ({@code ferry --url X upgrade}
 * and {@code ferry upgrade --url X} are the same); commands that read only files ignore them.
 */
public class ConnectionOptions {

    /** The name under which commands mix these options in. */
    public static final String MIXIN = "connection";

    @Option(names = "--url", paramLabel = "URL", order = 1,
            description = "The database: jdbc:postgresql://HOST:PORT/DB or postgres://USER:PASSWORD@HOST:PORT/DB."
                    + " Default: $FERRY_URL, then $DATABASE_URL, then 'url' in ferry.yaml; with none of them, the"
                    + " embedded PostgreSQL of .ferry/pg (see 'ferry db').")
    String url;

    @Option(names = "--user", paramLabel = "USER", order = 2,
            description = "Database user (default: $FERRY_USER, the URL's user, 'user' in ferry.yaml).")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", order = 3,
            description = "Database password (default: $FERRY_PASSWORD, the URL's, 'password' in ferry.yaml)."
                    + " Prefer $FERRY_PASSWORD: flags show in the process list.")
    String password;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class, order = 4,
            description = "How long opening a connection may take, TLS and login included, before giving up"
                    + " with exit code 3; whole seconds, rounded up (default: $FERRY_CONNECT_TIMEOUT,"
                    + " 'connect-timeout' in ferry.yaml, else 10s).")
    Duration connectTimeout;

    /** These options as the workspace reads them. */
    public ConnectionSettings settings() {
        return new ConnectionSettings(url, user, password, connectTimeout);
    }

    /** These options, with any not given here taken from {@code outer} (given before the command). */
    ConnectionOptions over(ConnectionOptions outer) {
        ConnectionOptions merged = new ConnectionOptions();
        merged.url = url != null ? url : outer.url;
        merged.user = user != null ? user : outer.user;
        merged.password = password != null ? password : outer.password;
        merged.connectTimeout = connectTimeout != null ? connectTimeout : outer.connectTimeout;
        return merged;
    }
}
