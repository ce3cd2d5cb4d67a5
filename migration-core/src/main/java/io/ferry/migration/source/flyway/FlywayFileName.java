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
        return attempt(fileName).name() != null;
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
        Attempt attempt = attempt(fileName);
        if (attempt.name() == null) {
            throw new IllegalArgumentException(attempt.problem());
        }
        return attempt.name();
    }

    /**
     * A name parsed, or what is wrong with it: no exception for the common case of a name that is not
     * Flyway's (every file of a native project is asked).
     */
    private record Attempt(FlywayFileName name, String problem) {
        static Attempt wrong(String problem) {
            return new Attempt(null, problem);
        }
    }

    private static Attempt attempt(String fileName) {
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(".sql")) {
            return Attempt.wrong("it does not end in .sql");
        }
        String base = fileName.substring(0, fileName.length() - 4);
        if (base.isEmpty()) {
            return Attempt.wrong("the name is empty");
        }
        char prefix = base.charAt(0);
        Kind kind = switch (prefix) {
            case 'V' -> Kind.VERSIONED;
            case 'U' -> Kind.UNDO;
            case 'R' -> Kind.REPEATABLE;
            default -> null;
        };
        if (kind == null) {
            return Attempt.wrong("it starts with neither V (versioned), U (undo) nor R (repeatable)");
        }
        int separator = base.indexOf(SEPARATOR, 1);
        if (separator < 0) {
            return Attempt.wrong("it has no '__' between the " + (kind == Kind.REPEATABLE ? "prefix" : "version")
                    + " and the description");
        }
        String version = base.substring(1, separator);
        String description = base.substring(separator + SEPARATOR.length()).replace('_', ' ');
        if (kind == Kind.REPEATABLE) {
            if (!version.isEmpty()) {
                return Attempt.wrong("a repeatable migration has no version: write R__"
                        + base.substring(separator + SEPARATOR.length()) + ".sql");
            }
            return new Attempt(new FlywayFileName(kind, Optional.empty(), description), null);
        }
        if (version.isEmpty()) {
            return Attempt.wrong("it has no version after " + prefix);
        }
        try {
            return new Attempt(new FlywayFileName(kind, Optional.of(FlywayVersion.parse(version)), description), null);
        } catch (IllegalArgumentException e) {
            return Attempt.wrong(e.getMessage());
        }
    }
}
