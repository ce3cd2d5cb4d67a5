package io.ferry.migration.testing;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A folder of native migration files written by a test. */
public final class Project {

    private final Path dir;
    private int files;

    public Project(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Writes a revision; {@code parents} is "base" or ids separated by spaces; {@code down} may be null. */
    public Path revision(String id, String parents, String up, String down) {
        return revision(id, parents, "", up, down);
    }

    /** As {@link #revision(String, String, String, String)}, with extra header lines (each ending in \n). */
    public Path revision(String id, String parents, String extraHeader, String up, String down) {
        String text = "-- ferry:revision " + id + "\n-- ferry:revises " + parents + "\n-- ferry:message " + id
                + "\n" + extraHeader + "-- ferry:up\n" + up + "\n" + (down == null ? "" : "-- ferry:down\n" + down + "\n");
        return write(String.format("%03d_%s.sql", ++files, id), text);
    }

    public Path write(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A configuration for this project and database, with short waits suited to tests. */
    public FerryConfiguration configure(TestDatabase db) {
        return Ferry.configure().dataSource(db.dataSource()).locations(dir);
    }

    public Ferry ferry(TestDatabase db) {
        return configure(db).load();
    }
}
