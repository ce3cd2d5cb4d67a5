package io.ferry.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Files that survive a crash: written to a temporary name, forced to disk, renamed over the target, and the
 * folder forced too, so that after a power cut either the old content or the new one is there. Spool files
 * hold payloads, and a PagerDuty payload carries its routing key: on POSIX systems only their owner reads them.
 */
final class AtomicFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFiles() {
    }

    static void createFolder(Path folder) {
        try {
            if (!Files.isDirectory(folder)) {
                if (POSIX) {
                    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(folder);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the alert spool folder " + folder + ": " + e.getMessage(), e);
        }
    }

    static void write(Path target, byte[] content) {
        write(target, content, true);
    }

    /**
     * Writes without forcing anything to disk, for records whose loss after a power cut costs at most a
     * repeated delivery: still renamed into place, so never seen half written while the system runs.
     */
    static void writeLightly(Path target, byte[] content) {
        write(target, content, false);
    }

    private static void write(Path target, byte[] content, boolean durable) {
        Path temporary = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, openOptions(), ownerOnly())) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (durable) {
                    channel.force(true);
                }
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (durable) {
                forceFolder(target.getParent());
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write failed already; that is the error to report
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e, e);
        }
    }

    /** Deletes the file, if there, and forces its folder. */
    static void delete(Path file) {
        delete(file, true);
    }

    /** Deletes the file, if there, without forcing its folder: for records that may as well come back. */
    static void deleteLightly(Path file) {
        delete(file, false);
    }

    private static void delete(Path file, boolean durable) {
        try {
            if (Files.deleteIfExists(file) && durable) {
                forceFolder(file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e, e);
        }
    }

    /** Forces a folder's entries (a rename or deletion in it) to disk, where the system allows it. */
    private static void forceFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            if (POSIX) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
            // Windows cannot open a folder as a channel; its renames are durable once made.
        }
    }

    private static Set<StandardOpenOption> openOptions() {
        return Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private static FileAttribute<?>[] ownerOnly() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
    }
}
