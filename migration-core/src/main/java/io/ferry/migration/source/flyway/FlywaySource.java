package io.ferry.migration.source.flyway;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.source.FerryHeader;
import io.ferry.migration.source.RevisionSource;
import io.ferry.migration.spi.Event;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.sql.StatementTraits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a Flyway project as Flyway does: {@code V} files form a linear chain of revisions in version
 * order, {@code U} files are their down bodies, {@code R} files are repeatables, and files named after
 * Flyway's events are callbacks. Unlike Flyway, a {@code .sql} file whose name fits none of these is an
 * error (Flyway skips it silently), unless misnamed files are to be ignored.
 */
public final class FlywaySource implements RevisionSource {

    /**
     * Flyway's callback events that Ferry never raises: files named after them are callbacks (not misnamed
     * migrations), and never run.
     */
    private static final Set<String> UNRAISED_EVENTS = Set.of("beforeEachMigrateStatement",
            "afterEachMigrateStatement", "afterEachMigrateStatementError", "createSchema", "beforeConnect",
            "afterConnect");

    /**
     * Flyway's callback events by name: Ferry's {@link Event}s and the ones it never raises;
     * {@code <event>.sql} and {@code <event>__<description>.sql} are callbacks.
     */
    public static final Set<String> CALLBACK_EVENTS = Stream.concat(Arrays.stream(Event.values()).map(Event::getId),
            UNRAISED_EVENTS.stream()).collect(Collectors.toUnmodifiableSet());

    private final Path location;
    private final Map<String, String> placeholders;
    private final boolean ignoreMisnamed;

    /**
     * @param placeholders   values for {@code ${name}} placeholders, Flyway's own ({@code flyway:user}, ...)
     *                       included; {@code flyway:filename} is set per file
     * @param ignoreMisnamed skip {@code .sql} files that are not migrations, as Flyway does, instead of
     *                       failing
     */
    public FlywaySource(Path location, Map<String, String> placeholders, boolean ignoreMisnamed) {
        this.location = location;
        this.placeholders = Map.copyOf(placeholders);
        this.ignoreMisnamed = ignoreMisnamed;
    }

    @Override
    public List<Revision> load() {
        return read().revisions();
    }

    @Override
    public String describe() {
        return "Flyway migrations in " + location;
    }

    /** Reads the whole project: versioned, undo, repeatable migrations and callbacks. */
    public FlywayProject read() {
        if (!Files.isDirectory(location)) {
            throw new FerryException(MigrationErrorCode.MIGRATION_LOCATION_MISSING,
                    "migration folder " + location + " does not exist",
                    Remedy.of("create it, or point Ferry at your migrations with ", MigrationRemedy.LOCATIONS));
        }
        TreeMap<FlywayVersion, FlywayMigration> versioned = new TreeMap<>();
        Map<FlywayVersion, FlywayMigration> undo = new HashMap<>();
        List<FlywayMigration> repeatables = new ArrayList<>();
        List<FlywayMigration> callbacks = new ArrayList<>();
        Listing files = list();
        for (SqlFile file : files.sql()) {
            String name = file.name();
            if (FlywayFileName.callbackEvent(name).isPresent()) {
                callbacks.add(migration(file, null, files.configured()));
                continue;
            }
            FlywayFileName parsed;
            try {
                parsed = FlywayFileName.parse(name);
            } catch (IllegalArgumentException e) {
                if (FerryHeader.isPresent(file.path())) {
                    throw nativeFile(file.path());
                }
                if (ignoreMisnamed) {
                    continue;
                }
                throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE,
                        file.path() + ": not a Flyway migration name: " + e.getMessage(),
                        "name it V<version>__<description>.sql, U<version>__<description>.sql or"
                                + " R__<description>.sql, move it out of the folder, or ignore misnamed files");
            }
            FlywayMigration migration = migration(file, parsed, files.configured());
            switch (parsed.kind()) {
                case VERSIONED -> putOnce(versioned, parsed.version().orElseThrow(), migration);
                case UNDO -> putOnce(undo, parsed.version().orElseThrow(), migration);
                case REPEATABLE -> repeatables.add(migration);
                default -> throw new IllegalStateException(parsed.kind().name());
            }
        }
        for (Map.Entry<FlywayVersion, FlywayMigration> u : undo.entrySet()) {
            if (!versioned.containsKey(u.getKey())) {
                throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE,
                        u.getValue().file() + ": undoes version " + u.getKey() + ", but no V file has that version",
                        "rename it to match its versioned migration, or remove it");
            }
        }
        repeatables.sort(Comparator.comparing(m -> m.name().description()));
        return new FlywayProject(List.copyOf(versioned.values()), Map.copyOf(undo), List.copyOf(repeatables),
                List.copyOf(callbacks));
    }

    /** A native migration among Flyway's: never skipped, because it would silently never run. */
    private static FerryException nativeFile(Path file) {
        return new FerryException(MigrationErrorCode.MIXED_MIGRATION_FORMATS, "the migration folders mix two formats: " + file
                + " is a native Ferry migration (it has a -- ferry: header) in a folder read as a Flyway project",
                "keep one format per project: move the file to a native project's folder, or, if the project is"
                        + " native, do not read it as a Flyway one");
    }

    private static <K> void putOnce(Map<K, FlywayMigration> map, K version, FlywayMigration migration) {
        FlywayMigration earlier = map.putIfAbsent(version, migration);
        if (earlier != null) {
            throw new FerryException(MigrationErrorCode.DUPLICATE_REVISION,
                    "version " + version + " is defined twice: in " + earlier.file() + " and in " + migration.file(),
                    "give one of them a new version (1.0 and 1 are the same version)");
        }
    }

    /** @param configured the files that have a {@code .sql.conf}, as strings */
    private FlywayMigration migration(SqlFile sqlFile, FlywayFileName name, Set<String> configured) {
        Path file = sqlFile.path();
        byte[] bytes;
        try {
            bytes = read(file, sqlFile.size());
        } catch (IOException e) {
            throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE, file + ": cannot be read: " + e.getMessage(),
                    "check the file's permissions");
        }
        String raw = decode(file, bytes);
        if (FerryHeader.isPresent(raw)) {
            throw nativeFile(file);
        }
        String text = replacePlaceholders(file, sqlFile.name(), raw);
        boolean repeatable = name != null && name.kind() == FlywayFileName.Kind.REPEATABLE;
        int checksum = FlywayChecksum.of(repeatable ? text : raw);
        String sql = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String origin = file.toString();
        Map<String, String> config = !configured.isEmpty() && configured.contains(origin) ? config(file) : Map.of();
        SqlBody body = SqlBody.unsplit(origin, sql, 1, statements -> transactional(file, statements, config));
        return new FlywayMigration(name, file, sqlFile.script(), raw, body, checksum,
                transactional(file, body, config));
    }

    private String replacePlaceholders(Path file, String fileName, String raw) {
        if (!raw.contains("${")) {
            return raw;
        }
        Map<String, String> values = new HashMap<>(placeholders);
        values.put("flyway:filename", fileName);
        try {
            return Placeholders.replace(raw, values);
        } catch (Placeholders.UndefinedPlaceholder e) {
            throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE,
                    file + ":" + e.line() + ": " + e.getMessage(),
                    Remedy.of("give it a value: ", MigrationRemedy.PLACEHOLDER.with(e.name())));
        }
    }

    /**
     * {@link #transactional(Path, List, Map)} without splitting the body, unless it may hold a statement
     * PostgreSQL refuses in a transaction: then its statements decide, as they always did. A body that
     * cannot be split, or mixes both kinds, counts as transactional here; the body reports its error to
     * any run or script that includes it, before anything of it runs.
     */
    private static boolean transactional(Path file, SqlBody body, Map<String, String> config) {
        String declared = config.get("executeInTransaction");
        if (declared != null) {
            return Boolean.parseBoolean(declared.trim());
        }
        if (!StatementTraits.mayBeRefusedInTransaction(body.sql())) {
            return true;
        }
        try {
            return transactional(file, body.statements(), config);
        } catch (FerryException reportedWhenItWouldRun) {
            return true;
        }
    }

    /**
     * Whether a migration runs in a transaction: as its {@code .sql.conf} says, or else as its statements
     * allow. Like Flyway, a migration holding only statements PostgreSQL refuses in a transaction runs
     * without one, and one that mixes both kinds is an error (reported when its statements are split).
     */
    private static boolean transactional(Path file, List<SqlStatement> statements, Map<String, String> config) {
        List<SqlStatement> refused = statements.stream()
                .filter(s -> StatementTraits.of(s).refusedInTransaction().isPresent()).toList();
        String declared = config.get("executeInTransaction");
        if (declared != null) {
            boolean inTransaction = Boolean.parseBoolean(declared.trim());
            if (inTransaction && !refused.isEmpty()) {
                throw mixed(file, refused.get(0), "its .sql.conf says executeInTransaction=true");
            }
            return inTransaction;
        }
        if (refused.isEmpty()) {
            return true;
        }
        if (refused.size() == statements.size()) {
            return false;
        }
        throw mixed(file, refused.get(0), "it also holds statements that belong in a transaction");
    }

    private static FerryException mixed(Path file, SqlStatement statement, String why) {
        String what = StatementTraits.of(statement).refusedInTransaction().orElse("this statement");
        return new FerryException(MigrationErrorCode.NON_TRANSACTIONAL_STATEMENT,
                file + ":" + statement.line() + ": " + what + " cannot run inside a transaction, and " + why,
                "move it to a migration of its own, or set executeInTransaction=false in " + file.getFileName()
                        + ".conf");
    }

    /** The file's {@code <name>.conf}, as Flyway reads it: {@code key=value} lines, {@code #} comments. */
    private static Map<String, String> config(Path file) {
        Path conf = file.resolveSibling(file.getFileName() + ".conf");
        if (!Files.isRegularFile(conf)) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(conf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE, conf + ": cannot be read: " + e.getMessage(),
                    "check the file's permissions");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq).strip();
            if (eq < 0 || !Set.of("executeInTransaction", "encoding").contains(key)) {
                throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE,
                        conf + ":" + (i + 1) + ": " + (eq < 0 ? "not a key=value line" : "unknown key '" + key + "'"),
                        "Ferry reads executeInTransaction=true|false and encoding=UTF-8");
            }
            String value = line.substring(eq + 1).strip();
            if (key.equals("encoding") && !value.equalsIgnoreCase("UTF-8") && !value.equalsIgnoreCase("UTF8")) {
                throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE,
                        conf + ":" + (i + 1) + ": encoding " + value + " is not supported",
                        "convert the migration to UTF-8");
            }
            values.put(key, value);
        }
        return values;
    }

    private static String decode(Path file, byte[] bytes) {
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.US_ASCII); // valid UTF-8 as it is: no decoder needed
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FerryException(MigrationErrorCode.INVALID_MIGRATION_FILE, file + ": not valid UTF-8",
                    "save the file as UTF-8");
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A {@code .sql} file: its path, its name, its path relative to the location with {@code /} between
     * folders (as {@code flyway_schema_history.script} holds it), and its size when the walk saw it (-1 for
     * a link).
     */
    private record SqlFile(Path path, String name, String script, long size) {
    }

    /**
     * Reads a whole file. With the size the walk saw, it needs no separate size lookup: one read fills the
     * array and a second meets the end. A file that changed since is read again the general way.
     */
    private static byte[] read(Path file, long size) throws IOException {
        if (size >= 0 && size < Integer.MAX_VALUE) {
            try (FileChannel channel = FileChannel.open(file)) {
                byte[] bytes = new byte[(int) size];
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer) < 0) {
                        return Arrays.copyOf(bytes, buffer.position());
                    }
                }
                if (channel.read(ByteBuffer.allocate(1)) < 0) {
                    return bytes;
                }
            }
        }
        return Files.readAllBytes(file);
    }

    /**
     * The files under the location: the {@code .sql} files in the order of their paths relative to the
     * location, and (as strings) those of them that have a {@code <name>.conf} beside them.
     */
    private record Listing(List<SqlFile> sql, Set<String> configured) {
    }

    /**
     * Lists the location in one walk, with the attributes the walk reads anyway: {@code .sql} files that
     * are regular files (or links to one), and every {@code .sql.conf} file.
     */
    private Listing list() {
        List<SqlFile> sql = new ArrayList<>();
        Set<String> configured = new HashSet<>();
        Deque<String> folders = new ArrayDeque<>();
        try {
            Files.walkFileTree(location, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    folders.push(folders.isEmpty() ? "" : folders.peek() + dir.getFileName() + "/");
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String name = file.getFileName().toString();
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (lower.endsWith(".sql.conf")) {
                        String path = file.toString();
                        if (path.endsWith(".conf")) {
                            configured.add(path.substring(0, path.length() - ".conf".length()));
                        }
                    } else if (lower.endsWith(".sql") && (attributes.isRegularFile()
                            || attributes.isSymbolicLink() && Files.isRegularFile(file))) {
                        sql.add(new SqlFile(file, name, folders.peek() + name,
                                attributes.isRegularFile() ? attributes.size() : -1));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    folders.pop();
                    return super.postVisitDirectory(dir, e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new FerryException(MigrationErrorCode.MIGRATION_LOCATION_MISSING,
                    "cannot read migration folder " + location + ": " + e.getMessage(),
                    "check that the folder exists and is readable");
        }
        sql.sort(Comparator.comparing(SqlFile::script)); // as by path, without comparing the location's part
        return new Listing(sql, configured);
    }

    /** Placeholders with Flyway's own defaults filled in from what is known without a database. */
    public static Map<String, String> defaults(String schema, String user, String database) {
        Map<String, String> values = new HashMap<>();
        values.put("flyway:defaultSchema", schema);
        values.put("flyway:table", "flyway_schema_history");
        values.put("flyway:timestamp", java.time.LocalDateTime.now().withNano(0).toString().replace('T', ' '));
        Optional.ofNullable(user).ifPresent(u -> values.put("flyway:user", u));
        Optional.ofNullable(database).ifPresent(d -> values.put("flyway:database", d));
        return values;
    }
}
