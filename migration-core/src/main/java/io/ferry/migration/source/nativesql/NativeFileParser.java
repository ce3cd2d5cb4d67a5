package io.ferry.migration.source.nativesql;

import io.ferry.migration.api.Durations;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.source.flyway.FlywayFileName;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.sql.StatementTraits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one native migration file:
 * <pre>
 * -- ferry:revision 5cd038a8f131
 * -- ferry:revises base
 * -- ferry:message initial schema
 * -- ferry:up
 * CREATE TABLE ...;
 * -- ferry:down
 * DROP TABLE ...;
 * </pre>
 * The header comes first (ordinary {@code --} comments and blank lines may stand between its lines), then
 * the up section, then an optional down section. A file without a down section cannot be reverted.
 */
final class NativeFileParser {

    /** Every key the header accepts, in the order the documentation lists them. */
    static final List<String> HEADER_KEYS = List.of(
            "revision", "revises", "message", "branch-labels", "depends-on", "transactional", "statement-timeout");

    /** {@code -- ferry:lint-ignore RULE reason}: a comment for the linter, not a header key. */
    private static final String LINT_IGNORE = "lint-ignore";
    private static final Pattern DIRECTIVE = Pattern.compile("--\\s*ferry:([A-Za-z0-9_-]*)(?:\\s+(.*?))?\\s*");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[\\s,]+");

    private enum Section { HEADER, UP, DOWN }

    private final String file;
    private final Map<String, String> header = new LinkedHashMap<>();
    private final Map<String, Integer> headerLines = new LinkedHashMap<>();

    private NativeFileParser(String file) {
        this.file = file;
    }

    static Revision parse(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE,
                    path + ": cannot be read: " + e.getMessage(), "check the file's permissions");
        }
        return new NativeFileParser(path.toString()).parse(bytes);
    }

    /** Parses a file's bytes; {@code file} names it in messages. */
    static Revision parse(String file, byte[] bytes) {
        return new NativeFileParser(file).parse(bytes);
    }

    private Revision parse(byte[] bytes) {
        String text = decode(bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = lines(text);
        Section section = Section.HEADER;
        int upStart = -1;
        int downStart = -1;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            // Most lines are SQL: only a comment can be a directive, so the pattern runs on comments alone.
            Matcher d = line.startsWith("--") ? DIRECTIVE.matcher(line) : null;
            if (d != null && d.matches()) {
                String key = d.group(1).toLowerCase(Locale.ROOT);
                String value = d.group(2) == null ? "" : d.group(2);
                if (key.equals(LINT_IGNORE)) {
                    continue; // a comment for 'ferry lint', in any section
                }
                if (key.equals("up")) {
                    if (section != Section.HEADER) {
                        throw error(lineNo, "a second '-- ferry:up' line", "a file holds one up section");
                    }
                    section = Section.UP;
                    upStart = i + 1;
                } else if (key.equals("down")) {
                    if (section == Section.HEADER) {
                        throw error(lineNo, "'-- ferry:down' comes before '-- ferry:up'",
                                "put the up section first, then the down section");
                    }
                    if (section == Section.DOWN) {
                        throw error(lineNo, "a second '-- ferry:down' line", "a file holds one down section");
                    }
                    section = Section.DOWN;
                    downStart = i + 1;
                } else if (!HEADER_KEYS.contains(key)) {
                    throw error(lineNo, "unknown header key '" + key + "'",
                            "the keys are " + String.join(", ", HEADER_KEYS) + ", up and down");
                } else if (section != Section.HEADER) {
                    throw error(lineNo, "header key '" + key + "' inside the " + section.name().toLowerCase(Locale.ROOT)
                            + " section", "move it above '-- ferry:up'");
                } else if (header.putIfAbsent(key, value) != null) {
                    throw error(lineNo, "header key '" + key + "' appears twice (first on line "
                            + headerLines.get(key) + ")", "keep one of them");
                } else {
                    headerLines.put(key, lineNo);
                }
            } else if (section == Section.HEADER && !line.isEmpty() && !line.startsWith("--")) {
                throw headerError(lineNo, "SQL before '-- ferry:up'", Remedy.text(
                        "the header holds only '-- ferry:' lines and comments; put SQL under '-- ferry:up'"));
            }
        }
        if (!header.containsKey("revision")) {
            throw headerError(1, "no '-- ferry:revision' line", Remedy.of("every migration file starts with a"
                    + " header naming its revision id; ", MigrationRemedy.NEW_REVISION, " writes one for you"));
        }
        if (!header.containsKey("revises")) {
            throw error(headerLines.get("revision"), "no '-- ferry:revises' line",
                    "name the parent revision(s), or write '-- ferry:revises base' for a first revision");
        }
        if (upStart < 0) {
            throw error(lines.length, "no '-- ferry:up' section", "add '-- ferry:up' above the SQL that applies"
                    + " the revision");
        }
        int upEnd = downStart < 0 ? lines.length : downStart - 1;
        Revision.Builder b = Revision.builder(single("revision"))
                .message(header.getOrDefault("message", ""))
                .checksum(checksum(bytes))
                .origin(file);
        List<String> parents = list("revises");
        if (parents.isEmpty()) {
            throw error(headerLines.get("revises"), "'-- ferry:revises' has no value",
                    "name the parent revision(s), or write 'base' for a first revision");
        }
        if (parents.contains("base")) {
            if (parents.size() > 1) {
                throw error(headerLines.get("revises"), "'base' cannot be combined with other parents",
                        "write either base or the parent revision ids");
            }
        } else {
            b.parents(parents.toArray(String[]::new));
        }
        if (header.containsKey("branch-labels")) {
            b.branchLabels(list("branch-labels").toArray(String[]::new));
        }
        if (header.containsKey("depends-on")) {
            b.dependsOn(list("depends-on").toArray(String[]::new));
        }
        boolean transactional = !header.containsKey("transactional") || bool("transactional");
        b.transactional(transactional);
        if (header.containsKey("statement-timeout")) {
            b.statementTimeout(duration("statement-timeout"));
        }
        // The sections are split when a run or a script needs them, not here (see SqlBody).
        String origin = file;
        SqlBody.Check check = transactional ? statements -> checkTransactional(origin, statements) : SqlBody.Check.NONE;
        b.up(body(lines, upStart, upEnd, check));
        b.down(downStart < 0 ? null : body(lines, downStart, lines.length, check));
        return b.build();
    }

    /**
     * A transactional revision must not hold statements PostgreSQL refuses in a transaction, nor manage
     * the transaction itself: a run checks this for every step of its plan before the first one runs,
     * rather than failing half-way through.
     */
    private static void checkTransactional(String file, List<SqlStatement> statements) {
        for (SqlStatement statement : statements) {
            StatementTraits traits = StatementTraits.of(statement);
            traits.refusedInTransaction().ifPresent(what -> {
                throw new FerryException(MigrationErrorCode.NON_TRANSACTIONAL_STATEMENT,
                        file + ":" + statement.line() + ": " + what + " cannot run inside a transaction, and this"
                                + " revision runs in one",
                        "add '-- ferry:transactional false' to the header; the revision then runs statement by"
                                + " statement, and Ferry records how far it got");
            });
            traits.controlsTransaction().ifPresent(what -> {
                throw new FerryException(MigrationErrorCode.NON_TRANSACTIONAL_STATEMENT,
                        file + ":" + statement.line() + ": " + what + " would end the transaction Ferry runs this"
                                + " revision in",
                        "remove it: Ferry wraps each transactional revision in one transaction itself");
            });
        }
    }

    private SqlBody body(String[] lines, int from, int to, SqlBody.Check check) {
        String sql = String.join("\n", Arrays.copyOfRange(lines, from, Math.max(from, to)));
        return SqlBody.unsplit(file, sql, from + 1, check);
    }

    private String single(String key) {
        List<String> values = list(key);
        if (values.size() != 1) {
            throw error(headerLines.get(key), "'-- ferry:" + key + "' needs exactly one value, found "
                    + (values.isEmpty() ? "none" : String.join(" ", values)), "write one id");
        }
        return values.get(0);
    }

    private List<String> list(String key) {
        String value = header.get(key).strip();
        return value.isEmpty() ? List.of() : List.of(LIST_SEPARATOR.split(value));
    }

    private boolean bool(String key) {
        String value = header.get(key).strip().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw error(headerLines.get(key), "'-- ferry:" + key + "' must be true or false, not '" + value + "'",
                    "write true or false");
        }
        return value.equals("true");
    }

    private Duration duration(String key) {
        try {
            return Durations.parse(header.get(key));
        } catch (IllegalArgumentException e) {
            throw error(headerLines.get(key), "'-- ferry:" + key + "': " + e.getMessage(), "for example 10min");
        }
    }

    /**
     * The text's lines, split at {@code \r\n}, {@code \r} or {@code \n}. The file's last line break ends
     * its last line; it does not begin an empty one.
     */
    static String[] lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < n || lines.isEmpty()) {
            lines.add(text.substring(start));
        }
        return lines.toArray(String[]::new);
    }

    /** Decodes strict UTF-8; a malformed byte sequence is an error naming its line. */
    private String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            int bad = in.position();
            int line = 1;
            for (int i = 0; i < bad && i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw error(line, "not valid UTF-8 (byte 0x" + String.format("%02x", bytes[Math.min(bad, bytes.length - 1)])
                    + " at offset " + bad + ")", "save the file as UTF-8");
        }
    }

    /**
     * SHA-256 of the file's bytes with line endings normalised to {@code \n}, so that a checkout with
     * CRLF line endings does not look like an edit.
     */
    static String checksum(byte[] bytes) {
        byte[] normalised = new byte[bytes.length];
        int n = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\r') {
                normalised[n++] = '\n';
                if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    i++;
                }
            } else {
                normalised[n++] = b;
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(normalised, 0, n);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * A header problem; for a file with no header at all and a Flyway migration's name, the likelier
     * cause: a Flyway project read as a native one.
     */
    private FerryException headerError(int line, String what, Remedy remedy) {
        String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        if (header.isEmpty() && FlywayFileName.isFlywayFile(name)) {
            return new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE, file + ": has no '-- ferry:' header, and its"
                    + " name is a Flyway migration's: it looks like a Flyway migration read as a native one",
                    Remedy.of("if the project is in Flyway's format, say so: ", MigrationRemedy.FLYWAY_FORMAT,
                            "; otherwise give the file a '-- ferry:' header"));
        }
        return error(line, what, remedy);
    }

    private FerryException error(int line, String what, String hint) {
        return error(line, what, Remedy.text(hint));
    }

    private FerryException error(int line, String what, Remedy remedy) {
        return new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE, file + ":" + line + ": " + what, remedy);
    }
}
