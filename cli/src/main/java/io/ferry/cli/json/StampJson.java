package io.ferry.cli.json;

import io.ferry.migration.MigrationResult;
import java.util.List;

/** {@code stamp}: the heads before and after. */
public record StampJson(List<String> headsBefore, List<String> headsAfter) {

    public static StampJson of(MigrationResult result) {
        return new StampJson(result.headsBefore(), result.headsAfter());
    }
}
