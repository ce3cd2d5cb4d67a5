package io.ferry.migration.source.flyway;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flyway's placeholders: {@code ${name}} in a migration is replaced by the value of {@code name}.
 * Flyway's own are named {@code flyway:defaultSchema}, {@code flyway:user}, {@code flyway:database},
 * {@code flyway:timestamp}, {@code flyway:filename}, {@code flyway:table}.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^${}\\s]+)}");

    private Placeholders() {
    }

    /** Thrown for a placeholder without a value; carries the 1-based line it stands on. */
    public static final class UndefinedPlaceholder extends RuntimeException {
        private final String name;
        private final int line;

        UndefinedPlaceholder(String name, int line) {
            super("no value for placeholder ${" + name + "}");
            this.name = name;
            this.line = line;
        }

        public String name() {
            return name;
        }

        public int line() {
            return line;
        }
    }

    /**
     * Replaces every placeholder.
     *
     * @throws UndefinedPlaceholder for the first placeholder {@code values} has no value for
     */
    public static String replace(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                int line = 1;
                for (int i = 0; i < m.start(); i++) {
                    if (text.charAt(i) == '\n') {
                        line++;
                    }
                }
                throw new UndefinedPlaceholder(m.group(1), line);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
