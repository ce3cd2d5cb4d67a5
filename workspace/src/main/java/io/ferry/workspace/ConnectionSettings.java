package io.ferry.workspace;

import java.time.Duration;

/**
 * Which database, as the user gave it: every field is null when not given. {@link Workspace} fills the
 * gaps from the environment ({@code FERRY_URL}, {@code DATABASE_URL}, {@code FERRY_USER},
 * {@code FERRY_PASSWORD}, {@code FERRY_CONNECT_TIMEOUT}), then from the project file; with no URL
 * anywhere, the database is the project's embedded PostgreSQL.
 *
 * @param url            {@code jdbc:postgresql://...} or {@code postgres://user:password@host:port/db}
 * @param user           the user, winning over the URL's
 * @param password       the password, winning over the URL's
 * @param connectTimeout how long opening a connection may take
 */
public record ConnectionSettings(String url, String user, String password, Duration connectTimeout) {

    /** Nothing given. */
    public static final ConnectionSettings NONE = new ConnectionSettings(null, null, null, null);

    /** Hides the password, so that the settings can be logged. */
    @Override
    public String toString() {
        return "ConnectionSettings[url=" + (url == null ? null : ConnectionSpec.mask(url)) + ", user=" + user
                + ", password=" + (password == null ? null : "***") + ", connectTimeout=" + connectTimeout + "]";
    }
}
