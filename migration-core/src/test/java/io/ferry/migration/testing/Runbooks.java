package io.ferry.migration.testing;

import io.ferry.migration.api.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The runbook sections under docs/runbooks, as the tests of every module check them. */
public final class Runbooks {

    /** The repository root, seen from a module's folder, where its tests run. */
    private static final Path ROOT = Path.of("..");

    private Runbooks() {
    }

    /**
     * True when {@code section} ({@code docs/runbooks/<page>.md#<code>}, as {@link ErrorCode#runbook()} gives
     * it) names a file of the repository that has the heading {@code ## <code>}.
     */
    public static boolean exists(String section) {
        String[] parts = section.split("#", 2);
        Path page = ROOT.resolve(parts[0]);
        try {
            return parts.length == 2 && Files.isRegularFile(page)
                    && Files.readAllLines(page).contains("## " + parts[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sections of these codes that are missing, for an assertion that there are none. */
    public static List<String> missing(ErrorCode... codes) {
        return Arrays.stream(codes).map(ErrorCode::runbook).filter(s -> !exists(s)).toList();
    }
}
