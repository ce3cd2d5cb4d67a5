package io.ferry.migration;

import java.util.List;

/**
 * What {@code validate} found: applied revisions whose files changed since, and applied revisions whose
 * files are gone.
 */
public record ValidationResult(List<ChecksumMismatch> mismatches, List<String> missing) {

    public ValidationResult {
        mismatches = List.copyOf(mismatches);
        missing = List.copyOf(missing);
    }

    public boolean valid() {
        return mismatches.isEmpty() && missing.isEmpty();
    }
}
