package io.ferry.cli.json;

import io.ferry.migration.MigrationResult;
import io.ferry.migration.exec.StepResult;
import java.util.List;
import java.util.Locale;

/** {@code upgrade}, {@code downgrade}, {@code migrate}, {@code undo}: what the run did. */
public record MoveJson(String direction, String target, List<String> headsBefore, List<String> headsAfter,
                       List<Step> revisions, long durationMs) {

    /** One revision the run applied or reverted. */
    public record Step(String id, long durationMs, int attempts) {
    }

    public static MoveJson of(MigrationResult result) {
        return new MoveJson(result.direction().name().toLowerCase(Locale.ROOT), result.target(), result.headsBefore(),
                result.headsAfter(), result.steps().stream().map(MoveJson::step).toList(), result.took().toMillis());
    }

    private static Step step(StepResult s) {
        return new Step(s.revision(), s.took().toMillis(), s.attempts());
    }
}
