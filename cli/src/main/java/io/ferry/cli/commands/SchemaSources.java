package io.ferry.cli.commands;

import io.ferry.cli.CliErrorCode;
import io.ferry.cli.support.Output;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.schema.SchemaSnapshot;
import io.ferry.workspace.ConnectionSpec;
import io.ferry.workspace.ScratchDatabase;
import io.ferry.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * Where a schema comes from, for the commands that compare schemas: a database URL, a snapshot file
 * ({@code ferry schema dump --json}), or {@code migrations@REV}, replayed on a scratch database. Sources
 * are told apart and checked ({@link #parse}) before any connection is opened or database created, so
 * that bad input changes nothing.
 */
sealed interface SchemaSources {

    /** What the user wrote, for messages. */
    String given();

    /** A database: its snapshot read live. */
    record Url(String given, ConnectionSpec spec) implements SchemaSources {
    }

    /** A snapshot file, already read. */
    record File(String given, SchemaSnapshot snapshot) implements SchemaSources {
    }

    /** The schema the project's revisions up to {@code targets} produce. */
    record Migrations(String given, List<String> targets) implements SchemaSources {
    }

    /** A schema read, and the major version of the server it was read on (none for a file). */
    record Read(SchemaSnapshot snapshot, OptionalInt majorVersion) {
    }

    String PREFIX = "migrations@";

    /**
     * Tells what {@code given} is and checks it: a URL's form, a file's content, a revision's existence.
     *
     * @param which {@code FROM} or {@code TO}, for messages
     */
    static SchemaSources parse(String given, String which, Workspace ws) {
        String text = given.strip();
        if (text.equals("migrations") || text.equals(PREFIX)) {
            throw bad(which + " '" + given + "' names no revision", "write migrations@head, migrations@heads or"
                    + " migrations@REV (a revision of the migration files)");
        }
        if (text.startsWith(PREFIX)) {
            String target = text.substring(PREFIX.length());
            if (!target.equals("base")) {
                ws.graph().upgradePath(List.of(), target);
            }
            return new Migrations(given, List.of(target));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("postgres://") || lower.startsWith("postgresql://") || lower.startsWith("jdbc:")) {
            return new Url(given, ConnectionSpec.parse(text, null, null));
        }
        Path file = Path.of(text);
        if (!Files.exists(file)) {
            // Masked: a URL of a form not recognised above may still hold a password.
            String shown = ConnectionSpec.mask(text);
            throw bad(which + " '" + shown + "' is neither a database URL, a snapshot file nor migrations@REV"
                    + " (no file " + shown + " exists)",
                    "give postgres://... or jdbc:postgresql://..., a file 'ferry schema dump --json' wrote, or"
                            + " migrations@head (the schema the migration files produce)");
        }
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw bad("cannot read the snapshot file " + text + ": " + (Files.isDirectory(file) ? "it is a folder"
                    : e.getMessage()), "give a file 'ferry schema dump --json' wrote, readable by this user");
        }
        try {
            return new File(given, SchemaSnapshot.fromJson(json));
        } catch (FerryException e) {
            throw new FerryException(e.code(), text + ": " + e.getMessage(), e.remedy(), e);
        }
    }

    private static FerryException bad(String message, String hint) {
        return new FerryException(CliErrorCode.INVALID_SCHEMA_SOURCE, message, hint);
    }

    /** The schema of this source: read, or replayed on a scratch database on {@code devUrl}'s server. */
    static Read read(SchemaSources source, Workspace ws, String devUrl) {
        if (source instanceof File f) {
            return new Read(f.snapshot(), OptionalInt.empty());
        }
        if (source instanceof Url u) {
            DataSource ds = ws.dataSource(u.spec());
            int major = Workspace.majorVersion(ds);
            return new Read(ws.snapshot(ds), OptionalInt.of(major));
        }
        Migrations m = (Migrations) source;
        return replay(ws, devUrl, m.targets());
    }

    /** The schema {@code targets} produce, replayed on a scratch database dropped afterwards. */
    static Read replay(Workspace ws, String devUrl, List<String> targets) {
        try (ScratchDatabase scratch = ws.scratchDatabase(devUrl)) {
            return new Read(ws.replay(scratch, targets), OptionalInt.of(scratch.majorVersion()));
        }
    }

    /**
     * Warns, on stderr, when the two schemas were read on servers of different major versions: PostgreSQL
     * may deparse definitions differently, which shows as differences.
     */
    static void warnOnVersions(Output out, String first, Read a, String second, Read b) {
        if (a.majorVersion().isPresent() && b.majorVersion().isPresent()
                && a.majorVersion().getAsInt() != b.majorVersion().getAsInt()) {
            out.note("ferry: warning: " + first + " was read on PostgreSQL " + a.majorVersion().getAsInt() + " and "
                    + second + " on PostgreSQL " + b.majorVersion().getAsInt() + ": definitions may read differently;"
                    + " give --dev-url a server of the same major version as production");
        }
    }
}
