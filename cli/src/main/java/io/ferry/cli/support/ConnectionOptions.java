package io.ferry.cli.support;

import picocli.CommandLine.Option;

/** Which database: the options of every command that connects. */
public class ConnectionOptions {

    @Option(names = "--url", paramLabel = "URL", order = 1,
            description = "The database: jdbc:postgresql://HOST:PORT/DB or postgres://USER:PASSWORD@HOST:PORT/DB."
                    + " Default: $FERRY_URL, then $DATABASE_URL, then 'url' in ferry.yaml; with none of them, Ferry"
                    + " starts an embedded PostgreSQL that keeps its data under the current directory.")
    String url;

    @Option(names = "--user", paramLabel = "USER", order = 2,
            description = "Database user (default: $FERRY_USER, the URL's user, 'user' in ferry.yaml).")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", order = 3,
            description = "Database password (default: $FERRY_PASSWORD, the URL's, 'password' in ferry.yaml)."
                    + " Prefer $FERRY_PASSWORD: flags show in the process list.")
    String password;
}
