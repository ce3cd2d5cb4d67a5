package io.ferry.cli.commands;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.sql.SqlStatement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query of a file {@code ferry explain} reads: a statement with {@code -- name: NAME} among the comment
 * lines right above it, and any {@code -- expect: index [NAME]} lines there, which its plan must meet.
 *
 * @param line the file's line of the statement's first token
 */
record NamedQuery(String name, int line, String sql, List<Expectation> expectations) {

    private static final Pattern NAME = Pattern.compile("--\\s*name:\\s*(\\S+)\\s*");
    private static final Pattern EXPECT = Pattern.compile("--\\s*expect:\\s*(.*?)\\s*");
    private static final Pattern INDEX = Pattern.compile("index(?:\\s+(\\S+))?");

    /** What a plan must do: use the index {@code index}, or any index when it is null. */
    record Expectation(String text, int line, String index) {

        /** Null when the plan meets it; else why not. */
        String unmet(List<String> indexes) {
            if (index == null) {
                return indexes.isEmpty() ? "the plan uses no index" : null;
            }
            if (indexes.stream().anyMatch(i -> i.equals(index) || index.endsWith("." + i))) {
                return null;
            }
            return indexes.isEmpty() ? "the plan uses no index" : "the plan uses " + String.join(", ", indexes)
                    + " instead";
        }
    }

    /**
     * The named queries of {@code file}, in order; statements without a name are left out.
     *
     * @throws FerryException when the file cannot be read or split, an expectation is not understood, or
     *                        no statement has a name
     */
    static List<NamedQuery> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "cannot read " + file + ": "
                    + (Files.isDirectory(file) ? "it is a folder" : e.getMessage()), "give a file of SQL queries");
        }
        List<SqlStatement> statements = Scripts.split(file.toString(), text);
        String[] lines = text.split("\\R", -1);
        List<NamedQuery> queries = new ArrayList<>();
        for (SqlStatement s : statements) {
            String name = null;
            List<Expectation> expectations = new ArrayList<>();
            // The comment lines right above the statement (blank lines between them allowed).
            for (int i = s.line() - 2; i >= 0; i--) {
                String line = lines[i].strip();
                if (!line.isEmpty() && !line.startsWith("--")) {
                    break;
                }
                Matcher named = NAME.matcher(line);
                Matcher expect = EXPECT.matcher(line);
                if (named.matches() && name == null) {
                    name = named.group(1);
                } else if (expect.matches()) {
                    expectations.add(0, expectation(file, i + 1, expect.group(1)));
                }
            }
            if (name != null) {
                queries.add(new NamedQuery(name, s.line(), s.sql(), expectations));
            }
        }
        if (queries.isEmpty()) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, file + " names no query",
                    "put a line '-- name: NAME' above each query to explain");
        }
        return queries;
    }

    private static Expectation expectation(Path file, int line, String text) {
        Matcher index = INDEX.matcher(text);
        if (!index.matches()) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, file + " line " + line
                    + ": expectation '" + text + "' is not understood", "write '-- expect: index NAME' (the plan"
                    + " uses that index) or '-- expect: index' (it uses some index)");
        }
        return new Expectation("index" + (index.group(1) == null ? "" : " " + index.group(1)), line, index.group(1));
    }
}
