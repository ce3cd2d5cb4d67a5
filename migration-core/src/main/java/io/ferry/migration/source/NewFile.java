package io.ferry.migration.source;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.Remedy;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes a new migration file, for both formats' writers: never over an existing file. */
public final class NewFile {

    private NewFile() {
    }

    /**
     * Creates {@code file} with {@code text} (UTF-8), creating its folder if missing, and returns its path.
     *
     * @param ifExists what to do when the file exists already
     * @throws FerryException {@link MigrationErrorCode#INVALID_CONFIGURATION} when the file exists or cannot
     *                        be written; nothing is written then
     */
    public static Path create(Path file, String text, Remedy ifExists) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text, StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, file + " exists already", ifExists);
        } catch (IOException e) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "cannot write " + file + ": "
                    + e.getMessage(), "check that the migrations folder is writable");
        }
    }
}
