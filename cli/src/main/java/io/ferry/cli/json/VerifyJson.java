package io.ferry.cli.json;

import java.util.List;

/**
 * {@code verify}: whether every check passed, each check with its failures, and the revisions without a
 * down (listed, not failed: their down check is skipped).
 */
public record VerifyJson(boolean ok, List<Check> checks, List<String> withoutDown) {

    /** One check: its name, whether it passed, a one-line detail, and each failure found. */
    public record Check(String name, boolean ok, String detail, List<String> failures) {
    }
}
