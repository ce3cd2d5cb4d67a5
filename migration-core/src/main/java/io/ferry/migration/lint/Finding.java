package io.ferry.migration.lint;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing a rule found in a migration.
 *
 * @param rule       the rule's id, such as {@code adding-not-null-column}
 * @param severity   how bad it is, after the table's size and {@code ferry.yaml} were taken into account
 * @param revision   the revision whose statement it is in
 * @param file       the migration file, as the revision names its origin
 * @param line       the line of the file where the offending part of the statement starts
 * @param column     its column (1-based)
 * @param message    one line: what is wrong, with the table's size when the database was read
 * @param fix        one line: the safe way to write it
 * @param suppressed the reason given in a {@code -- ferry:lint-ignore RULE reason} comment, when one covers it
 */
public record Finding(String rule, Severity severity, String revision, String file, int line, int column,
                      String message, String fix, Optional<String> suppressed) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
        Objects.requireNonNull(suppressed, "suppressed");
    }

    /** {@code file:line:column: severity[rule] message}: how a report's line starts. */
    public String headline() {
        return file + ":" + line + ":" + column + ": " + severity.id() + "[" + rule + "] " + message;
    }

    public boolean isSuppressed() {
        return suppressed.isPresent();
    }

    /** An error that no comment suppressed: what makes lint fail. */
    public boolean blocks() {
        return severity == Severity.ERROR && suppressed.isEmpty();
    }
}
