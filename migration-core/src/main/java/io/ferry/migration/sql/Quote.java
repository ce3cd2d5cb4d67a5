package io.ferry.migration.sql;

/** Quoting for SQL text built at run time: names and values that cannot be bound as parameters. */
public final class Quote {

    private Quote() {
    }

    /** Quotes an identifier: {@code my"table} becomes {@code "my""table"}. */
    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Quotes a string literal (with {@code standard_conforming_strings} on); null becomes {@code NULL}. */
    public static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }
}
