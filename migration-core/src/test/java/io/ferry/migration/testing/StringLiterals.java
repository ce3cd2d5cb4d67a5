package io.ferry.migration.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The string literals of Java sources, comments left out, for tests that check what a module's code may
 * say: for example that a library names none of the command line's flags.
 */
public final class StringLiterals {

    /** One literal: the file (relative to the folder searched), the line it starts on, its text as written. */
    public record Literal(String file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": \"" + text + "\"";
        }
    }

    private StringLiterals() {
    }

    /** Every literal of every {@code .java} file under {@code root} that {@code pattern} finds something in. */
    public static List<Literal> matching(Path root, Pattern pattern) {
        try (Stream<Path> files = Files.walk(root)) {
            List<Literal> found = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String name = root.relativize(file).toString().replace('\\', '/');
                for (Literal literal : of(name, Files.readString(file))) {
                    if (pattern.matcher(literal.text()).find()) {
                        found.add(literal);
                    }
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The string literals and text blocks of one source file, escapes kept as written. Comments and
     * character literals are skipped.
     */
    public static List<Literal> of(String file, String source) {
        List<Literal> literals = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(source, i, end);
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = closing(source, i + 3, "\"\"\"");
                literals.add(new Literal(file, line, source.substring(i + 3, end)));
                line += count(source, i, end);
                i = Math.min(n, end + 3);
            } else if (c == '"' || c == '\'') {
                int end = closing(source, i + 1, String.valueOf(c));
                if (c == '"') {
                    literals.add(new Literal(file, line, source.substring(i + 1, end)));
                }
                i = Math.min(n, end + 1);
            } else {
                if (c == '\n') {
                    line++;
                }
                i++;
            }
        }
        return literals;
    }

    /** Where the unescaped {@code quote} that closes a literal starts, searching from {@code from}. */
    private static int closing(String source, int from, String quote) {
        int i = from;
        while (i < source.length() && !source.startsWith(quote, i)) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i, source.length());
    }

    private static int count(String source, int from, int to) {
        int lines = 0;
        for (int i = from; i < to && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
