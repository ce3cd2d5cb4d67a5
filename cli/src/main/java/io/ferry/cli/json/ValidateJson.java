package io.ferry.cli.json;

import io.ferry.migration.ChecksumMismatch;
import io.ferry.migration.ValidationResult;
import java.util.List;

/** {@code validate}: applied revisions whose file was edited, and applied revisions no file defines. */
public record ValidateJson(boolean valid, List<Mismatch> mismatches, List<String> missing) {

    /** An edited file: the checksum recorded when it was applied, and the file's now. */
    public record Mismatch(String revision, String origin, String recorded, String current) {
    }

    public static ValidateJson of(ValidationResult result) {
        return new ValidateJson(result.valid(), result.mismatches().stream().map(ValidateJson::mismatch).toList(),
                result.missing());
    }

    private static Mismatch mismatch(ChecksumMismatch m) {
        return new Mismatch(m.revision(), m.origin(), m.recorded(), m.current());
    }
}
