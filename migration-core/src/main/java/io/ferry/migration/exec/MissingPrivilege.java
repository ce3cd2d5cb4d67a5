package io.ferry.migration.exec;

import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a refused privilege (SQLSTATE 42501) is about, read from PostgreSQL's message ("permission denied
 * for table t", "must be owner of table t") and the statement that was refused, and the {@code GRANT}
 * or change of owner that lets the statement run, with the real names and the user filled in.
 *
 * @param lacks what the user lacks, for the message: "user deploy lacks INSERT on table app.t"
 * @param fix   what to run or change
 */
record MissingPrivilege(String lacks, Remedy fix) {

    /** Ferry's own tables: every run writes both. */
    private static final Set<String> FERRY_TABLES = Set.of("ferry_version", "ferry_history");

    private static final String KINDS = "materialized view|foreign table|large object|table|sequence|view|schema"
            + "|database|function|procedure|routine|type|domain|language|tablespace|parameter|index|relation";
    private static final Pattern DENIED = Pattern.compile("^permission denied for (" + KINDS + ") (.+)$");
    private static final Pattern NOT_OWNER = Pattern.compile("^must be owner of (" + KINDS + ") (.+)$");
    private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s*(--[^\\n]*(\\n|$)|/\\*(?s:.*?)\\*/))*\\s*");
    private static final Pattern TARGET = Pattern.compile(
            "^(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|TRUNCATE(?:\\s+TABLE)?|COPY|MERGE\\s+INTO)\\s+"
                    + "(?:ONLY\\s+)?([\\w.\"$]+)",
            Pattern.CASE_INSENSITIVE);

    /**
     * Reads the refusal.
     *
     * @param c          a connection of the user that was refused, usable (its transaction rolled back)
     * @param message    PostgreSQL's message, without decorations
     * @param sql        the refused statement, or null for Ferry's own creating or writing its tables
     */
    static MissingPrivilege of(Connection c, String message, String sql) throws SQLException {
        String user = scalar(c, "SELECT quote_ident(current_user)", null).orElse("CURRENT_USER");
        Matcher denied = DENIED.matcher(message);
        if (denied.matches()) {
            return denied(c, user, denied.group(1), denied.group(2), sql);
        }
        Matcher owner = NOT_OWNER.matcher(message);
        if (owner.matches()) {
            return notOwner(c, user, owner.group(1), owner.group(2));
        }
        return new MissingPrivilege(null, Remedy.text("have a role that holds this privilege run the revision, or"
                + " grant it to " + user));
    }

    private static MissingPrivilege denied(Connection c, String user, String kind, String name, String sql)
            throws SQLException {
        String statement = sql == null ? "" : LEADING_COMMENTS.matcher(sql).replaceFirst("");
        String upper = statement.toUpperCase(Locale.ROOT);
        return switch (kind) {
            case "table", "view", "materialized view", "foreign table" -> {
                String table = qualified(c, name, statement);
                if (FERRY_TABLES.contains(name)) {
                    String schema = table.substring(0, table.length() - name.length() - 1);
                    yield new MissingPrivilege("user " + user + " may not write Ferry's table " + table,
                            Remedy.text("Ferry writes both of its tables on every run: GRANT SELECT, INSERT, UPDATE,"
                                    + " DELETE ON TABLE " + schema + ".ferry_version TO " + user + "; GRANT SELECT,"
                                    + " INSERT ON TABLE " + schema + ".ferry_history TO " + user + " (run as their"
                                    + " owner), or run Ferry as the user that created them"));
                }
                String privilege = tablePrivilege(statement, name);
                yield grant(user, privilege, kind, table, "TABLE " + table);
            }
            case "sequence" -> {
                String sequence = qualified(c, name, statement);
                yield grant(user, "USAGE", kind, sequence, "SEQUENCE " + sequence);
            }
            case "schema" -> {
                boolean creates = sql == null || upper.startsWith("CREATE") || upper.contains("SET SCHEMA");
                MissingPrivilege grant = grant(user, creates ? "CREATE" : "USAGE", kind, name,
                        "SCHEMA " + ident(c, name));
                yield sql == null ? grant.orHistorySchema(c, user) : grant;
            }
            case "database" -> {
                String privilege = sql == null || upper.matches("(?s)CREATE\\s+(SCHEMA|EXTENSION).*") ? "CREATE"
                        : upper.matches("(?s)CREATE\\s+(TEMP|TEMPORARY)\\s.*") ? "TEMPORARY" : "CONNECT";
                MissingPrivilege grant = grant(user, privilege, kind, name, "DATABASE " + ident(c, name));
                yield sql == null ? grant.orHistorySchema(c, user) : grant;
            }
            case "function", "procedure", "routine" ->
                    grant(user, "EXECUTE", kind, name, kind.toUpperCase(Locale.ROOT) + " " + name);
            case "type", "domain", "language" ->
                    grant(user, "USAGE", kind, name, (kind.equals("language") ? "LANGUAGE " : "TYPE ") + name);
            case "tablespace" -> grant(user, "CREATE", kind, name, "TABLESPACE " + ident(c, name));
            case "parameter" -> grant(user, "SET", kind, name, "PARAMETER " + name);
            default -> new MissingPrivilege("user " + user + " has no access to " + kind + " " + name,
                    Remedy.text("grant " + user + " the privilege the statement needs on " + kind + " " + name));
        };
    }

    private static MissingPrivilege grant(String user, String privilege, String kind, String name, String on) {
        return new MissingPrivilege("user " + user + " lacks " + privilege + " on " + kind + " " + name,
                Remedy.text("grant it, as the owner of " + kind + " " + name + " or a superuser: GRANT " + privilege
                        + " ON " + on + " TO " + user));
    }

    /**
     * For Ferry's own tables, which it creates where it is told: the grant, or a schema the user owns to keep
     * them in instead.
     */
    private MissingPrivilege orHistorySchema(Connection c, String user) throws SQLException {
        Optional<String> owned = scalar(c, "SELECT n.nspname FROM pg_namespace n WHERE n.nspowner ="
                + " (SELECT oid FROM pg_roles WHERE rolname = current_user) AND n.nspname NOT LIKE 'pg\\_%'"
                + " AND n.nspname <> 'information_schema' ORDER BY 1 LIMIT 1", null);
        Remedy more = owned.map(s -> Remedy.of("; or keep Ferry's tables in schema " + s + ", which " + user
                        + " owns, with ", MigrationRemedy.HISTORY_SCHEMA.with(s)))
                .orElseGet(() -> Remedy.of("; or have an administrator create a schema for Ferry's tables (CREATE"
                        + " SCHEMA ferry AUTHORIZATION " + user + ") and keep them there with ",
                        MigrationRemedy.HISTORY_SCHEMA.with("ferry")));
        return new MissingPrivilege(lacks, fix.and(more.parts().toArray()));
    }

    private static MissingPrivilege notOwner(Connection c, String user, String kind, String name) throws SQLException {
        String sql = switch (kind) {
            case "schema" -> "SELECT quote_ident(pg_get_userbyid(nspowner)), quote_ident(nspname), 'SCHEMA'"
                    + " FROM pg_namespace WHERE nspname = ?";
            case "database" -> "SELECT quote_ident(pg_get_userbyid(datdba)), quote_ident(datname), 'DATABASE'"
                    + " FROM pg_database WHERE datname = ?";
            case "function", "procedure", "routine" -> "SELECT quote_ident(pg_get_userbyid(proowner)),"
                    + " quote_ident(pronamespace::regnamespace::text) || '.' || quote_ident(proname), 'ROUTINE'"
                    + " FROM pg_proc WHERE proname = ? ORDER BY pg_function_is_visible(oid) DESC";
            case "type", "domain" -> "SELECT quote_ident(pg_get_userbyid(typowner)),"
                    + " quote_ident(typnamespace::regnamespace::text) || '.' || quote_ident(typname), 'TYPE'"
                    + " FROM pg_type WHERE typname = ? ORDER BY pg_type_is_visible(oid) DESC";
            // An index belongs to its table's owner: the owner to change is the table's.
            default -> "SELECT quote_ident(pg_get_userbyid(coalesce(t.relowner, c.relowner))),"
                    + " quote_ident(n.nspname) || '.' || quote_ident(coalesce(t.relname, c.relname)), 'TABLE'"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_index i ON i.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = i.indrelid"
                    + " WHERE c.relname = ? ORDER BY pg_table_is_visible(c.oid) DESC";
        };
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new MissingPrivilege("user " + user + " does not own " + kind + " " + name,
                            Remedy.text("run the revision as the owner of " + kind + " " + name + ", or a member of"
                                    + " that role"));
                }
                String owner = rs.getString(1);
                String object = rs.getString(2);
                String alter = "ALTER " + rs.getString(3) + " " + object + " OWNER TO " + user;
                return new MissingPrivilege("user " + user + " does not own " + kind + " " + object + " (" + owner
                        + " does)", Remedy.text("run the revision as " + owner + ", the owner, or as a member of it"
                        + " (GRANT " + owner + " TO " + user + "); or have " + owner + " or a superuser hand it over: "
                        + alter));
            }
        }
    }

    /**
     * The privilege a statement needs on the table it was refused: the one its verb needs when the table
     * is the one it writes (SELECT too when it reads rows to find them), REFERENCES for a foreign key,
     * TRIGGER for a trigger, else SELECT.
     */
    static String tablePrivilege(String sql, String table) {
        String statement = LEADING_COMMENTS.matcher(sql).replaceFirst("");
        Matcher m = TARGET.matcher(statement);
        if (m.find() && lastPart(m.group(2)).equalsIgnoreCase(table)) {
            String verb = m.group(1).toUpperCase(Locale.ROOT).split("\\s+")[0];
            boolean reads = Pattern.compile("\\b(WHERE|RETURNING|FROM)\\b", Pattern.CASE_INSENSITIVE)
                    .matcher(statement.substring(m.end())).find();
            return switch (verb) {
                case "INSERT", "MERGE" -> "INSERT";
                case "COPY" -> Pattern.compile("\\bFROM\\b", Pattern.CASE_INSENSITIVE)
                        .matcher(statement.substring(m.end())).find() ? "INSERT" : "SELECT";
                case "TRUNCATE" -> "TRUNCATE";
                default -> reads ? "SELECT, " + verb : verb;
            };
        }
        if (Pattern.compile("\\bREFERENCES\\s+(?:[\\w\"$]+\\.)?\"?" + Pattern.quote(table) + "\\b",
                Pattern.CASE_INSENSITIVE).matcher(statement).find()) {
            return "REFERENCES";
        }
        if (Pattern.compile("^CREATE\\s+(OR\\s+REPLACE\\s+)?(CONSTRAINT\\s+)?TRIGGER\\b", Pattern.CASE_INSENSITIVE)
                .matcher(statement).find()) {
            return "TRIGGER";
        }
        return "SELECT";
    }

    /**
     * Of the outlines of what a piece of work runs ({@code UPDATE app.t SET ... WHERE ...}, one per table it
     * writes), the one that writes the table the refusal names; "" when none does (the work only reads it).
     *
     * @param message PostgreSQL's message, without decorations
     */
    static String outlineFor(String message, List<String> outlines) {
        Matcher denied = DENIED.matcher(message);
        if (!denied.matches()) {
            return "";
        }
        String table = lastPart(denied.group(2));
        for (String outline : outlines) {
            Matcher m = TARGET.matcher(LEADING_COMMENTS.matcher(outline).replaceFirst(""));
            if (m.find() && lastPart(m.group(2)).equalsIgnoreCase(table)) {
                return outline;
            }
        }
        return "";
    }

    private static String lastPart(String name) {
        String last = name.substring(name.lastIndexOf('.') + 1);
        return last.replace("\"", "");
    }

    /**
     * A relation's name with its schema, as PostgreSQL quotes names: the one the statement names with its
     * schema, or else the one the search path finds first.
     */
    private static String qualified(Connection c, String name, String statement) throws SQLException {
        String lower = statement.toLowerCase(Locale.ROOT);
        String first = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(n.nspname), quote_ident(c.relname),"
                + " n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = ?"
                + " ORDER BY pg_table_is_visible(c.oid) DESC, n.nspname")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String each = rs.getString(1) + "." + rs.getString(2);
                    String schema = rs.getString(3).toLowerCase(Locale.ROOT);
                    if (lower.contains(schema + "." + name.toLowerCase(Locale.ROOT))
                            || lower.contains("\"" + schema + "\".")) {
                        return each;
                    }
                    if (first == null) {
                        first = each;
                    }
                }
            }
        }
        return first == null ? name : first;
    }

    private static String ident(Connection c, String name) throws SQLException {
        return scalar(c, "SELECT quote_ident(?)", name).orElse(name);
    }

    private static Optional<String> scalar(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
