package io.ferry.workspace;

import io.ferry.migration.Secrets;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the database is: a JDBC URL and credentials. Accepts {@code jdbc:postgresql://...} and the
 * {@code postgres://user:password@host:port/db?params} form that Heroku, Railway and libpq use.
 *
 * @param jdbcUrl  a {@code jdbc:postgresql:} URL without credentials in its authority part
 * @param user     the user, or null for the driver's default
 * @param password the password, or null
 */
public record ConnectionSpec(String jdbcUrl, String user, String password) {

    /**
     * Reads a URL; {@code user} and {@code password}, when not null, win over those in the URL.
     *
     * @throws FerryException with an input error code when the URL is neither form
     */
    public static ConnectionSpec parse(String url, String user, String password) {
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            if (org.postgresql.Driver.parseURL(trimmed, null) == null) {
                throw badUrl(mask(trimmed), "the driver cannot read it");
            }
            return new ConnectionSpec(trimmed, user, password);
        }
        if (trimmed.startsWith("postgres://") || trimmed.startsWith("postgresql://")) {
            try {
                URI uri = new URI(trimmed);
                String urlUser = null;
                String urlPassword = null;
                if (uri.getRawUserInfo() != null) {
                    String[] parts = uri.getRawUserInfo().split(":", 2);
                    urlUser = decode(parts[0]);
                    urlPassword = parts.length > 1 ? decode(parts[1]) : null;
                }
                if (uri.getHost() == null) {
                    throw badUrl(mask(trimmed), "it names no host (if the password holds @, / or :, percent-encode"
                            + " them: %40, %2F, %3A)");
                }
                String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                        ? "[" + uri.getHost() + "]" : uri.getHost();
                int port = uri.getPort() < 0 ? 5432 : uri.getPort();
                String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/postgres" : uri.getRawPath();
                String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
                return new ConnectionSpec("jdbc:postgresql://" + host + ":" + port + path + query,
                        user != null ? user : urlUser, password != null ? password : urlPassword);
            } catch (URISyntaxException e) {
                throw badUrl(mask(trimmed), "it is not a valid URL (" + e.getReason() + ")");
            }
        }
        throw badUrl(mask(trimmed), "it is neither a jdbc:postgresql:// nor a postgres:// URL");
    }

    /** Hides the password, so that a spec can be logged. */
    @Override
    public String toString() {
        return "ConnectionSpec[jdbcUrl=" + mask(jdbcUrl) + ", user=" + user + ", password="
                + (password == null ? null : "***") + "]";
    }

    /** The URL for people to read: any password in it replaced by {@code ***}. */
    public static String mask(String url) {
        return Secrets.maskUrl(url);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static FerryException badUrl(String url, String why) {
        return new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "database URL '" + url + "' cannot be used: " + why,
                "write jdbc:postgresql://HOST:PORT/DB or postgres://USER:PASSWORD@HOST:PORT/DB");
    }
}
