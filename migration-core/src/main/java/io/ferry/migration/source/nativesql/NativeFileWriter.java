package io.ferry.migration.source.nativesql;

import io.ferry.migration.api.Durations;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.source.NewFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes a native migration file, the one {@link NativeFileParser} reads back: the header, then the up
 * section, then the down section.
 *
 * <pre>
 * Path file = NativeFileWriter.revision(NativeFileWriter.freshId(graph))
 *         .revises(List.of("5cd038a8f131"))
 *         .message("add invoices")
 *         .up("CREATE TABLE invoices (id bigint PRIMARY KEY);")
 *         .down("DROP TABLE invoices;")
 *         .writeInto(Path.of("migrations"));
 * </pre>
 *
 * What the parser reads from the file is what was given here: the same id, parents, message, labels,
 * dependencies, transactional flag, statement timeout, and the up and down text, with line breaks
 * written as {@code \n}. A message is one line: its line breaks become spaces, and the ends are
 * stripped. Values that would not read back (an id with a space in it, a line of SQL that reads as a
 * header line) are refused before anything is written. The file is named
 * {@code YYYYMMDD_HHMM_<rev>_<slug>.sql}, and never written over an existing one.
 */
public final class NativeFileWriter {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmm", Locale.ROOT);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What a header value holds: the parser splits lists on white space and commas. */
    private static final Pattern WORD = Pattern.compile("[^\\s,]+");
    private static final Pattern DIRECTIVE = Pattern.compile("--\\s*ferry:.*");

    private final String id;
    private List<String> parents = List.of();
    private String message = "";
    private List<String> branchLabels = List.of();
    private List<String> dependsOn = List.of();
    private boolean transactional = true;
    private Duration statementTimeout;
    private String note;
    private String up = "";
    private String down = "";

    private NativeFileWriter(String id) {
        this.id = word("revision id", id, MigrationErrorCode.INVALID_REVISION_ID);
    }

    /** A file for revision {@code id}: a new base with no message and empty up and down sections, to begin with. */
    public static NativeFileWriter revision(String id) {
        return new NativeFileWriter(id);
    }

    /** A fresh 12-hex-digit id no revision of the graph has. */
    public static String freshId(RevisionGraph graph) {
        while (true) {
            byte[] bytes = new byte[6];
            RANDOM.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            if (graph.find(id).isEmpty()) {
                return id;
            }
        }
    }

    /** The parent revisions; none for a new base (the default). */
    public NativeFileWriter revises(List<String> parents) {
        this.parents = words("parent revision", parents, MigrationErrorCode.INVALID_REVISION_ID);
        if (this.parents.contains("base")) {
            throw new FerryException(MigrationErrorCode.INVALID_REVISION_ID, "'base' cannot be a parent of "
                    + id, "leave the parents out for a new base");
        }
        return this;
    }

    /** What the revision does, in one line. */
    public NativeFileWriter message(String message) {
        this.message = Objects.requireNonNull(message, "message").replaceAll("\\R", " ").strip();
        return this;
    }

    /** Labels for the branch the revision starts. */
    public NativeFileWriter branchLabels(List<String> labels) {
        this.branchLabels = words("branch label", labels, MigrationErrorCode.INVALID_BRANCH_LABEL);
        return this;
    }

    /** Revisions, or branch labels, that must be applied before this one. */
    public NativeFileWriter dependsOn(List<String> revisions) {
        this.dependsOn = words("dependency", revisions, MigrationErrorCode.INVALID_REVISION_ID);
        return this;
    }

    /** False for a revision that runs statement by statement, outside a transaction (default true). */
    public NativeFileWriter transactional(boolean transactional) {
        this.transactional = transactional;
        return this;
    }

    /** The revision's own {@code statement_timeout}, in whole microseconds or coarser. */
    public NativeFileWriter statementTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.toNanos() % 1000 != 0) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "statement timeout " + timeout
                    + " cannot be written: it is negative or finer than a microsecond", "round it, for example 10s");
        }
        this.statementTimeout = timeout;
        return this;
    }

    /** A comment line above the up section, for the people who read the file (a merge says what it is). */
    public NativeFileWriter note(String note) {
        this.note = note == null ? null : note.replaceAll("\\R", " ").strip();
        return this;
    }

    /** The SQL that applies the revision (default: none). */
    public NativeFileWriter up(String sql) {
        this.up = body("up", Objects.requireNonNull(sql, "sql"));
        return this;
    }

    /** The SQL that reverts it (default: none, which reverts by doing nothing); null for no down section. */
    public NativeFileWriter down(String sql) {
        this.down = sql == null ? null : body("down", sql);
        return this;
    }

    /** The file's text. */
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append("-- ferry:revision ").append(id).append('\n');
        text.append("-- ferry:revises ").append(parents.isEmpty() ? "base" : String.join(" ", parents)).append('\n');
        text.append("-- ferry:message ").append(message).append('\n');
        if (!branchLabels.isEmpty()) {
            text.append("-- ferry:branch-labels ").append(String.join(" ", branchLabels)).append('\n');
        }
        if (!dependsOn.isEmpty()) {
            text.append("-- ferry:depends-on ").append(String.join(" ", dependsOn)).append('\n');
        }
        if (!transactional) {
            text.append("-- ferry:transactional false\n");
        }
        if (statementTimeout != null) {
            text.append("-- ferry:statement-timeout ").append(Durations.format(statementTimeout)).append('\n');
        }
        text.append('\n');
        if (note != null && !note.isEmpty()) {
            text.append("-- ").append(note).append('\n');
        }
        // Each section ends with a line break of its own: what stands between two header lines is its text.
        text.append("-- ferry:up\n").append(up).append('\n');
        if (down != null) {
            text.append("-- ferry:down\n").append(down).append('\n');
        }
        return text.toString();
    }

    /** The file's name when written at {@code time}: {@code YYYYMMDD_HHMM_<rev>_<slug>.sql}. */
    public String fileName(LocalDateTime time) {
        return STAMP.format(time) + "_" + id + "_" + slug(message) + ".sql";
    }

    /**
     * Writes the file into {@code folder} (created if missing), named after the time now, and returns its
     * path.
     *
     * @throws FerryException when such a file exists already, or cannot be written
     */
    public Path writeInto(Path folder) {
        return NewFile.create(folder.resolve(fileName(LocalDateTime.now())), text(),
                Remedy.of("choose another ", MigrationRemedy.REVISION_ID, " or message"));
    }

    /** The message as a file-name part: lower case, words joined by '_', at most 40 characters. */
    static String slug(String message) {
        String slug = message.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("_+$", "");
        }
        return slug.isEmpty() ? "revision" : slug;
    }

    private static String word(String what, String value, MigrationErrorCode code) {
        if (value == null || !WORD.matcher(value).matches()) {
            throw new FerryException(code, "cannot write " + what + " '" + value + "' in a header: it must be one"
                    + " word, without spaces or commas", "use letters, digits and underscores");
        }
        return value;
    }

    private static List<String> words(String what, List<String> values, MigrationErrorCode code) {
        return values.stream().map(v -> word(what, v, code)).toList();
    }

    /** The section's text with {@code \n} line breaks, refused when a line would read as a header line. */
    private String body(String section, String sql) {
        String text = sql.replaceAll("\r\n|\r", "\n");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (DIRECTIVE.matcher(lines[i].strip()).matches()) {
                throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE, "line " + (i + 1) + " of the "
                        + section + " section of " + id + " would read as a header line: " + lines[i].strip(),
                        "write '-- ferry:' otherwise in SQL comments, for example '-- ferry -'");
            }
        }
        return text;
    }
}
