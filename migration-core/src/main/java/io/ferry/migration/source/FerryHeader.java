package io.ferry.migration.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Whether a file is a native Ferry migration: a {@code -- ferry:} line comes before its first line of
 * SQL. Both formats' readers ask, so that neither takes the other's files.
 */
public final class FerryHeader {

    private static final Pattern DIRECTIVE = Pattern.compile("--\\s*ferry:.*");
    private static final Pattern LINT_IGNORE = Pattern.compile("--\\s*ferry:lint-ignore\\b");

    private FerryHeader() {
    }

    /** True when a {@code -- ferry:} line comes before the file's first line of SQL. */
    public static boolean isPresent(Path file) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                decoder))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Boolean header = headerSays(line);
                if (header != null) {
                    return header;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // reading the project reports the file properly
        }
    }

    /** True when a {@code -- ferry:} line comes before the text's first line of SQL. */
    public static boolean isPresent(String text) {
        if (!text.contains("ferry:")) {
            return false;
        }
        for (String line : (Iterable<String>) text.lines()::iterator) {
            Boolean header = headerSays(line);
            if (header != null) {
                return header;
            }
        }
        return false;
    }

    /** True for a header line, false for a line of SQL, null for a blank line or a plain comment. */
    private static Boolean headerSays(String line) {
        String stripped = line.replace("\uFEFF", "").strip();
        if (LINT_IGNORE.matcher(stripped).lookingAt()) {
            return null; // a comment for 'ferry lint', which a Flyway file may hold too
        }
        if (DIRECTIVE.matcher(stripped).matches()) {
            return true;
        }
        return stripped.isEmpty() || stripped.startsWith("--") ? null : false;
    }
}
