package io.ferry.migration.source.flyway;

import java.util.Locale;
import java.util.Optional;

/**
 * A migration file name as Flyway reads it: {@code V<version>__<description>.sql} (versioned),
 * {@code U<version>__<description>.sql} (undo), {@code R__<description>.sql} (repeatable). The prefixes
 * are case-sensitive, the {@code .sql} suffix is not; in the description {@code _} stands for a space.
 */
public record FlywayFileName(Kind kind, Optional<FlywayVersion> version, String description) {

    public enum Kind { VERSIONED, UNDO, REPEATABLE }

    private static final String SEPARATOR = "__";

    /**
     * True for a name Flyway reads: a migration's ({@link #parse} accepts it) or a callback's
     * ({@code beforeMigrate.sql}, {@code afterMigrate__notify.sql}, ...).
     */
    public static boolean isFlywayFile(String fileName) {
        if (callbackEvent(fileName).isPresent()) {
            return true;
        }
        try {
            parse(fileName);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The Flyway event a callback file is named after ({@code <event>.sql} or {@code <event>__<text>.sql}). */
    public static Optional<String> callbackEvent(String fileName) {
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(".sql")) {
            return Optional.empty();
        }
        String base = fileName.substring(0, fileName.length() - 4);
        int separator = base.indexOf(SEPARATOR);
        String event = separator < 0 ? base : base.substring(0, separator);
        return FlywaySource.CALLBACK_EVENTS.contains(event) ? Optional.of(event) : Optional.empty();
    }

    /**
     * Parses a {@code .sql} file name; the error says why a name is not a migration name.
     *
     * @throws IllegalArgumentException naming what is wrong with the name
     */
    public static FlywayFileName parse(String fileName) {
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(".sql")) {
            throw new IllegalArgumentException("it does not end in .sql");
        }
        String base = fileName.substring(0, fileName.length() - 4);
        if (base.isEmpty()) {
            throw new IllegalArgumentException("the name is empty");
        }
        char prefix = base.charAt(0);
        Kind kind = switch (prefix) {
            case 'V' -> Kind.VERSIONED;
            case 'U' -> Kind.UNDO;
            case 'R' -> Kind.REPEATABLE;
            default -> throw new IllegalArgumentException("it starts with neither V (versioned), U (undo) nor R"
                    + " (repeatable)");
        };
        int separator = base.indexOf(SEPARATOR, 1);
        if (separator < 0) {
            throw new IllegalArgumentException("it has no '__' between the " + (kind == Kind.REPEATABLE ? "prefix"
                    : "version") + " and the description");
        }
        String version = base.substring(1, separator);
        String description = base.substring(separator + SEPARATOR.length()).replace('_', ' ');
        if (kind == Kind.REPEATABLE) {
            if (!version.isEmpty()) {
                throw new IllegalArgumentException("a repeatable migration has no version: write R__"
                        + base.substring(separator + SEPARATOR.length()) + ".sql");
            }
            return new FlywayFileName(kind, Optional.empty(), description);
        }
        if (version.isEmpty()) {
            throw new IllegalArgumentException("it has no version after " + prefix);
        }
        return new FlywayFileName(kind, Optional.of(FlywayVersion.parse(version)), description);
    }
}
