package io.ferry.cli.json;

import io.ferry.migration.plan.Plan;
import java.util.List;
import java.util.Locale;

/** {@code migrate --dry-run}, {@code undo --dry-run}: the steps a run would take. */
public record PlanJson(List<Step> steps) {

    public record Step(String id, String direction, String file) {
    }

    public static PlanJson of(Plan plan) {
        return new PlanJson(plan.steps().stream().map(s -> new Step(s.revision().id(),
                s.direction().name().toLowerCase(Locale.ROOT), s.revision().origin())).toList());
    }
}
