package io.ferry.migration.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A tiny file system that fills up for real: a {@code tmpfs} of a few megabytes, mounted on a fresh
 * folder, to hold a PostgreSQL tablespace, so that a test gets the server's own "No space left on device"
 * (SQLSTATE 53100) when a revision writes a table there. Mounting needs root, as the tests run here and in
 * CI; the test server runs on this machine (the embedded one, or CI's through {@code FERRY_TEST_URL}), and
 * when root runs it, it runs as root inside a user namespace of its own ({@code unshare -U}), so it may
 * use a folder root owns. Use it like this:
 *
 * <pre>
 * try (SmallDisk disk = SmallDisk.mount(2)) {
 *     String tablespace = disk.createTablespace(db);   // CREATE TABLESPACE ... LOCATION disk.path()
 *     ... a revision: CREATE TABLE big (...) TABLESPACE tablespace; INSERT INTO big SELECT ...
 *     disk.dropTablespace(db);                          // after dropping what the test put there
 * }
 * </pre>
 *
 * Closing unmounts it and removes the folder.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path path;
    private final String tablespace;

    private SmallDisk(Path path) {
        this.path = path;
        this.tablespace = "small_disk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /**
     * Mounts a tmpfs of {@code megabytes} on a new folder.
     *
     * @throws IllegalStateException when it cannot be mounted (not root, or no {@code mount} here)
     */
    public static SmallDisk mount(int megabytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ferry-small-disk");
        String out = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs",
                dir.toString()));
        if (out != null) {
            Files.deleteIfExists(dir);
            throw new IllegalStateException("could not mount a " + megabytes + " MB tmpfs on " + dir + " (this"
                    + " needs root, as the tests run here and in CI): " + out);
        }
        return new SmallDisk(dir);
    }

    /** Where the file system is mounted. */
    public Path path() {
        return path;
    }

    /** Creates a tablespace on this disk, as {@code db}'s (superuser) user, and returns its name. */
    public String createTablespace(TestDatabase db) throws Exception {
        db.execute("CREATE TABLESPACE " + tablespace + " LOCATION '" + path + "'");
        return tablespace;
    }

    /** Drops the tablespace; whatever the test put in it must be dropped first. */
    public void dropTablespace(TestDatabase db) throws Exception {
        db.execute("DROP TABLESPACE IF EXISTS " + tablespace);
    }

    /** Unmounts the file system and removes its folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (run(List.of("umount", path.toString())) != null) {
            run(List.of("umount", "-l", path.toString())); // still in use: detach it now, free it when released
        }
        Files.deleteIfExists(path);
    }

    /** Runs a command; returns null when it succeeded, else what it printed. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish within a minute";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : String.join(" ", command) + " exited with " + p.exitValue() + ": " + out;
    }
}
