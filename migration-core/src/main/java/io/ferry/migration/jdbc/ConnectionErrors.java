package io.ferry.migration.jdbc;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.sql.Quote;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.common.BaseDataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Why a connection could not be opened, told apart into Ferry's connection codes, each with its remedy:
 * by the network error under the driver's (refused, unknown host, timed out), by SQLSTATE and the server
 * routine that refused the login, and by the TLS mode the URL asks for. Every message names where Ferry
 * tried to connect (the database, its {@code host:port} and the user) as far as the data source tells it;
 * never a password, nor the URL, which may hold one.
 */
public final class ConnectionErrors {

    /** {@code too_many_connections}: no connection slot left for the server, the role or the database. */
    public static final String TOO_MANY_CONNECTIONS = "53300";
    /** {@code invalid_password}: password authentication failed. */
    public static final String INVALID_PASSWORD = "28P01";
    /** {@code invalid_authorization_specification}: pg_hba.conf, an unknown role, another method that failed. */
    public static final String INVALID_AUTHORIZATION = "28000";
    /** {@code invalid_catalog_name}: the database does not exist. */
    public static final String INVALID_CATALOG_NAME = "3D000";
    /** The driver's state for a connection it would not make: no TLS on the server, or no password to give. */
    static final String CONNECTION_REJECTED = "08004";

    /** The server routine that checks pg_hba.conf, and the one that looks the role up. */
    private static final String PG_HBA_CHECK = "ClientAuthentication";
    private static final String ROLE_LOOKUP = "InitializeSessionUserId";
    private static final Pattern CLIENT_HOST = Pattern.compile("host \"([^\"]+)\"");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    /** The role lookup's two refusals, in English, whole: the name (truncated by the server) may hold anything. */
    private static final Pattern UNKNOWN_ROLE_EN = Pattern.compile("role \".*\" does not exist", Pattern.DOTALL);
    private static final Pattern NO_LOGIN_EN = Pattern.compile("role \".*\" is not permitted to log in",
            Pattern.DOTALL);
    private static final String WHO_HOLDS_THEM = "see who holds the connections (SELECT usename, application_name,"
            + " state, count(*) FROM pg_stat_activity GROUP BY 1, 2, 3 ORDER BY 4 DESC), end the idle ones or put a"
            + " connection pooler such as PgBouncer in front of the applications, or raise ";

    private ConnectionErrors() {
    }

    /**
     * The error of a connection {@code dataSource} could not open after trying for {@code took}. The
     * driver's own timeout carries neither cause nor SQLSTATE: reaching the data source's login timeout
     * tells it apart.
     */
    public static FerryException connectFailed(DataSource dataSource, SQLException e, Duration took) {
        return classify(Target.of(dataSource), e, took);
    }

    /** As {@link #connectFailed(DataSource, SQLException, Duration)}, not knowing where it tried. */
    public static FerryException connectFailed(SQLException e) {
        return classify(Target.UNKNOWN, e, Duration.ZERO);
    }

    private static FerryException classify(Target t, SQLException e, Duration took) {
        UnknownHostException unknownHost = causeOf(e, UnknownHostException.class);
        if (unknownHost != null) {
            return unknownHost(t, unknownHost, e);
        }
        ConnectException refused = causeOf(e, ConnectException.class);
        // A connect the operating system gave up on (ETIMEDOUT) comes as a ConnectException too.
        if (refused != null && !String.valueOf(refused.getMessage()).toLowerCase(Locale.ROOT).contains("timed out")) {
            return refused(t, e);
        }
        String state = String.valueOf(e.getSQLState());
        String words = message(e);
        switch (state) {
            case TOO_MANY_CONNECTIONS -> {
                return tooManyConnections(t, e, words);
            }
            case INVALID_PASSWORD -> {
                return fail(MigrationErrorCode.AUTHENTICATION_FAILED, t, e, SqlErrors.serverMessage(e), Remedy.of("check ",
                        MigrationRemedy.CREDENTIALS, "; on the server, ALTER ROLE " + ident(t.user(words))
                                + " PASSWORD '...' sets a new one, and pg_hba.conf chooses the method for this host"));
            }
            case INVALID_CATALOG_NAME -> {
                String database = t.database != null ? t.database : quoted(words);
                return fail(MigrationErrorCode.UNKNOWN_DATABASE, t, e, SqlErrors.serverMessage(e), Remedy.of("create it (CREATE"
                        + " DATABASE " + ident(database) + ";) or correct the database name in ",
                        MigrationRemedy.DATABASE_URL, "; SELECT datname FROM pg_database lists those there are"));
            }
            case INVALID_AUTHORIZATION -> {
                return refusedLogin(t, e, words);
            }
            case CONNECTION_REJECTED -> {
                if (t.requiresTls() && words.contains("SSL")) {
                    return fail(MigrationErrorCode.TLS_UNAVAILABLE, t, e, "the URL requires TLS (sslmode="
                            + t.sslMode + ") and the server does not offer it", Remedy.of("turn TLS on at the"
                            + " server (ssl = on with ssl_cert_file and ssl_key_file in postgresql.conf, then"
                            + " SELECT pg_reload_conf()), or, on a network you trust, set sslmode=prefer in ",
                            MigrationRemedy.DATABASE_URL));
                }
                if (words.toLowerCase(Locale.ROOT).contains("password")) {
                    return fail(MigrationErrorCode.AUTHENTICATION_FAILED, t, e, SqlErrors.serverMessage(e),
                            Remedy.of("give the user's password with ", MigrationRemedy.CREDENTIALS));
                }
            }
            default -> {
                // told apart below, or not at all
            }
        }
        if (causeOf(e, SocketTimeoutException.class) != null || refused != null
                || (t.limit != null && took.compareTo(t.limit.minusMillis(50)) >= 0)) {
            return timedOut(t, e);
        }
        return fail(MigrationErrorCode.CONNECTION_FAILED, t, e, SqlErrors.serverMessage(e),
                Remedy.text("check the URL, user and password, and that the server accepts connections from here"));
    }

    private static FerryException unknownHost(Target t, UnknownHostException cause, SQLException e) {
        String host = cause.getMessage() == null ? String.join(", ", t.hosts) : cause.getMessage().split(":")[0];
        return fail(MigrationErrorCode.UNKNOWN_HOST, t, e, "unknown host " + host + " (the name does not resolve)",
                Remedy.of("check the host name in ", MigrationRemedy.DATABASE_URL, " for a typo, and that this"
                        + " machine's DNS knows it (getent hosts " + host + ")"));
    }

    private static FerryException refused(Target t, SQLException e) {
        String check = t.hosts.size() == 1 ? " (pg_isready -h " + t.hosts.get(0) + " -p " + t.ports.get(0) + ")" : "";
        return fail(MigrationErrorCode.CONNECTION_REFUSED, t, e, "connection refused (nothing listens at "
                        + (t.hosts.isEmpty() ? "that address" : t.hosts.size() == 1 ? "that port" : "those ports") + ")",
                Remedy.of("check the host and port in ", MigrationRemedy.DATABASE_URL, ", and that the server is"
                        + " running and listens there" + check + "; listen_addresses and port in"
                        + " postgresql.conf decide where it listens"));
    }

    private static FerryException timedOut(Target t, SQLException e) {
        String limit = t.limit == null ? "in time" : "within the connect timeout of " + t.limit.toSeconds() + "s";
        return fail(MigrationErrorCode.CONNECT_TIMEOUT, t, e, "no answer " + limit
                        + " (TCP connect and PostgreSQL start-up)",
                Remedy.of("check that the server is up, reachable from here and not overloaded: one that"
                        + " accepts connections but never answers (a full server, a proxy with no backend)"
                        + " looks like this; if it is only slow to answer, raise ", MigrationRemedy.CONNECT_TIMEOUT));
    }

    private static FerryException tooManyConnections(Target t, SQLException e, String words) {
        String limit;
        if (words.contains("for role")) {
            limit = "the role's limit (ALTER ROLE " + ident(t.user(words)) + " CONNECTION LIMIT n)";
        } else if (words.contains("for database")) {
            limit = "the database's limit (ALTER DATABASE " + ident(t.database != null ? t.database : quoted(words))
                    + " CONNECTION LIMIT n)";
        } else {
            limit = "max_connections in postgresql.conf (a restart), or a role's CONNECTION LIMIT (ALTER ROLE)";
        }
        return fail(MigrationErrorCode.TOO_MANY_CONNECTIONS, t, e, SqlErrors.serverMessage(e), Remedy.text(WHO_HOLDS_THEM + limit));
    }

    /** 28000: pg_hba.conf turned the connection away, the role is unknown or may not log in, or a method failed. */
    private static FerryException refusedLogin(Target t, SQLException e, String words) {
        String routine = routine(e);
        String user = t.user(words);
        if (PG_HBA_CHECK.equals(routine) || words.contains("pg_hba.conf")) {
            if ("disable".equals(t.sslMode)) {
                return fail(MigrationErrorCode.TLS_REQUIRED, t, e, "the server refused a connection without TLS,"
                        + " which the URL turned off (sslmode=disable): " + SqlErrors.serverMessage(e), Remedy.of("the server"
                        + " may admit this connection only over TLS (a hostssl line in pg_hba.conf): set"
                        + " sslmode=require in ", MigrationRemedy.DATABASE_URL, " instead of sslmode=disable; if it"
                        + " is still refused, pg_hba.conf has no line for this host, user and database at all"));
            }
            Matcher host = CLIENT_HOST.matcher(words);
            String address = host.find() ? host.group(1) : "ADDRESS";
            return fail(MigrationErrorCode.ACCESS_REJECTED, t, e, SqlErrors.serverMessage(e), Remedy.text("the server's"
                    + " pg_hba.conf admits no connection of this user to this database from this address: add a"
                    + " line such as 'host " + (t.database != null ? t.database : "DATABASE") + " " + user + " "
                    + address + (address.contains(":") ? "/128" : "/32") + " scram-sha-256' and reload"
                    + " (SELECT pg_reload_conf()), or connect from an address it admits"));
        }
        // The role lookup refuses a role that does not exist and one that may not log in alike (same SQLSTATE,
        // same routine); only the message tells them apart, and it is in the server's language. The English
        // one is recognized whole; any other gets the remedy for both.
        String said = serverMessage(e);
        boolean unknown = said != null && UNKNOWN_ROLE_EN.matcher(said).matches();
        boolean noLogin = said != null && NO_LOGIN_EN.matcher(said).matches();
        if (unknown || (said == null && words.contains("does not exist"))) {
            return fail(MigrationErrorCode.UNKNOWN_ROLE, t, e, SqlErrors.serverMessage(e),
                    Remedy.of("create it (CREATE ROLE " + ident(user) + " LOGIN PASSWORD '...';) or connect as an"
                            + " existing user with ", MigrationRemedy.CREDENTIALS));
        }
        if (noLogin || (said == null && words.contains("not permitted to log in"))) {
            return fail(MigrationErrorCode.ACCESS_REJECTED, t, e, SqlErrors.serverMessage(e), Remedy.of("let the role log in"
                    + " (ALTER ROLE " + ident(user) + " LOGIN;) or connect as another user with ",
                    MigrationRemedy.CREDENTIALS));
        }
        if (ROLE_LOOKUP.equals(routine)) {
            return fail(MigrationErrorCode.ACCESS_REJECTED, t, e, SqlErrors.serverMessage(e), Remedy.of("the server refused role "
                    + ident(user) + " when it looked it up: if it does not exist (SELECT 1 FROM pg_roles WHERE"
                    + " rolname = " + Quote.literal(user) + " shows nothing), create it (CREATE ROLE " + ident(user)
                    + " LOGIN PASSWORD '...';); if it exists, let it log in (ALTER ROLE " + ident(user)
                    + " LOGIN;); or connect as another user with ", MigrationRemedy.CREDENTIALS));
        }
        return fail(MigrationErrorCode.AUTHENTICATION_FAILED, t, e, SqlErrors.serverMessage(e), Remedy.of("the method pg_hba.conf"
                + " chose for this host and user (peer, ident, cert, ldap, ...) did not accept the login: connect"
                + " as the user it expects with ", MigrationRemedy.CREDENTIALS, ", or have the server use another"
                + " method for this address"));
    }

    private static FerryException fail(MigrationErrorCode code, Target t, SQLException e, String what, Remedy remedy) {
        return new FerryException(code, "cannot connect to " + t.describe() + ": " + what, remedy, e);
    }

    private static String message(SQLException e) {
        return String.valueOf(e.getMessage());
    }

    /** The server's own message (its M field), or null when the server sent none. */
    private static String serverMessage(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return server == null ? null : server.getMessage();
    }

    private static String routine(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return server == null ? null : server.getRoutine();
    }

    private static String quoted(String words) {
        Matcher m = QUOTED.matcher(words);
        return m.find() ? m.group(1) : "NAME";
    }

    private static String ident(String name) {
        return Quote.ident(name);
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * Where the data source connects, as the driver reads it: hosts and ports, database, user, TLS mode and
     * login timeout; empty or null where it does not say (a data source that is not pgjdbc's).
     */
    private record Target(List<String> hosts, List<Integer> ports, String database, String user, String sslMode,
                          Duration limit) {

        static final Target UNKNOWN = new Target(List.of(), List.of(), null, null, null, null);

        static Target of(DataSource dataSource) {
            if (!(dataSource instanceof BaseDataSource pg)) {
                return UNKNOWN;
            }
            List<String> hosts = new ArrayList<>();
            List<Integer> ports = new ArrayList<>();
            String[] names = pg.getServerNames();
            int[] numbers = pg.getPortNumbers();
            for (int i = 0; names != null && i < names.length; i++) {
                hosts.add(names[i]);
                ports.add(numbers != null && i < numbers.length && numbers[i] > 0 ? numbers[i] : 5432);
            }
            if (hosts.isEmpty()) {
                hosts.add("localhost");
                ports.add(5432);
            }
            String user = blankToNull(pg.getUser());
            String database = blankToNull(pg.getDatabaseName());
            String sslMode = pg.getSslMode() != null ? pg.getSslMode() : pg.getSsl() ? "verify-full" : "prefer";
            Duration limit = pg.getLoginTimeout() > 0 ? Duration.ofSeconds(pg.getLoginTimeout()) : null;
            return new Target(hosts, ports, database != null ? database : user, user, sslMode, limit);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }

        String addresses() {
            List<String> named = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                String host = hosts.get(i);
                named.add((host.contains(":") ? "[" + host + "]" : host) + ":" + ports.get(i));
            }
            return String.join(", ", named);
        }

        boolean requiresTls() {
            return sslMode != null && (sslMode.equals("require") || sslMode.startsWith("verify"));
        }

        /** The user the data source names, else the one the server's message quotes. */
        String user(String serverWords) {
            return user != null ? user : quoted(serverWords);
        }

        /** "database d at host:port as user u", with what is known of it. */
        String describe() {
            return (database == null ? "the database" : "database " + database)
                    + (hosts.isEmpty() ? "" : " at " + addresses())
                    + (user == null ? "" : " as user " + user);
        }
    }
}
