package io.ferry.runbook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The projects the tests start the server on: native Ferry migration files. */
public final class Migrations {

    private Migrations() {
    }

    /** The SQL of {@code failing-markup}'s r3, which a page must show as text. */
    public static final String MARKUP_SQL = "COMMENT ON TABLE accounts IS '<script>alert(\"r3\")</script> & more';";

    /** The SQL of {@code failing-long}'s r3: one line longer than any page is wide. */
    public static final String LONG_SQL = "CREATE INDEX accounts_email_lower_idx ON accounts (lower(email)) WHERE email IS NOT NULL"
            + " AND email <> '' AND email NOT LIKE '%@example.invalid' AND email NOT LIKE '%@test.invalid';";

    /**
     * Writes the project {@code name} ({@code good}: r1, r2; {@code failing}: r1, and r2 whose SQL is wrong;
     * {@code failing-markup}: as {@code failing}, and r3 whose SQL holds HTML markup; {@code failing-long}: as
     * {@code failing}, and r3 whose SQL is one long line; {@code two-heads}: r1, and two branches on it, left and
     * right, so the project has two heads).
     */
    static void write(String name, Path dir) {
        revision(dir, "r1", "base", "CREATE TABLE accounts (id bigint PRIMARY KEY);");
        switch (name) {
            case "good" -> revision(dir, "r2", "r1", "ALTER TABLE accounts ADD COLUMN email text;");
            case "failing" -> revision(dir, "r2", "r1", "ALTER TABLE acounts ADD COLUMN email text;");
            case "failing-markup" -> {
                revision(dir, "r2", "r1", "ALTER TABLE acounts ADD COLUMN email text;");
                revision(dir, "r3", "r2", MARKUP_SQL);
            }
            case "failing-long" -> {
                revision(dir, "r2", "r1", "ALTER TABLE acounts ADD COLUMN email text;");
                revision(dir, "r3", "r2", LONG_SQL);
            }
            case "two-heads" -> {
                revision(dir, "left", "r1", "ALTER TABLE accounts ADD COLUMN email text;");
                revision(dir, "right", "r1", "CREATE TABLE audit (id bigint PRIMARY KEY);");
            }
            default -> throw new IllegalArgumentException("no test project named " + name);
        }
    }

    /** Writes (or rewrites) revision {@code id}'s file, {@code <id>.sql}. */
    public static Path revision(Path dir, String id, String parent, String up) {
        String text = "-- ferry:revision " + id + "\n-- ferry:revises " + parent + "\n-- ferry:message add " + id
                + "\n-- ferry:up\n" + up + "\n";
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(id + ".sql"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
