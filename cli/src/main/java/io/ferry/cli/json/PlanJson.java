package io.ferry.cli.json;

import io.ferry.migration.plan.Plan;
import io.ferry.migration.safety.DataLossReport;
import io.ferry.migration.safety.Loss;
import java.util.List;
import java.util.Locale;

/**
 * {@code upgrade --dry-run}, {@code downgrade --dry-run}, {@code migrate --dry-run}, {@code undo --dry-run}: the
 * steps a run would take, and each statement among them that could lose data, with what it would lose now.
 */
public record PlanJson(List<Step> steps, List<DataLoss> dataLoss) {

    public record Step(String id, String direction, String file) {
    }

    /**
     * One statement that could lose data.
     *
     * @param kind      {@code table}, {@code column}, {@code rows}, {@code values} or {@code nulled}
     * @param count     rows or values; an estimate when {@code estimated}, -1 when not even that is known
     * @param losesData whether running it loses data (a type change whose count failed does not; a table or column whose count
     *                  failed does)
     * @param note      why it was not counted, when it was not
     */
    public record DataLoss(String revision, String file, int line, String kind, String object, long count,
                           boolean estimated, boolean losesData, String note) {
    }

    public static PlanJson of(Plan plan, DataLossReport loss) {
        return new PlanJson(plan.steps().stream().map(s -> new Step(s.revision().id(),
                s.direction().name().toLowerCase(Locale.ROOT), s.revision().origin())).toList(),
                loss.items().stream().map(PlanJson::dataLoss).toList());
    }

    private static DataLoss dataLoss(Loss l) {
        return new DataLoss(l.revision(), l.file(), l.line(), l.kind().key(), l.object(), l.count(),
                l.measure() == Loss.Measure.ESTIMATED, l.losesData(), l.note().orElse(null));
    }
}
