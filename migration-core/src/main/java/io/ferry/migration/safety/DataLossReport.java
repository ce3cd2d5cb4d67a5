package io.ferry.migration.safety;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.Direction;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a run would lose: every statement of its plan that drops, empties or converts something, with what it
 * would take away from the live database now. Statements whose objects are empty (or do not exist yet) are
 * listed with a count of 0; they lose nothing.
 */
public record DataLossReport(List<Loss> items) {

    public DataLossReport {
        items = List.copyOf(items);
    }

    /** A report of nothing. */
    public static DataLossReport none() {
        return new DataLossReport(List.of());
    }

    /** The items that lose data. */
    public List<Loss> losses() {
        return items.stream().filter(Loss::losesData).toList();
    }

    /** True when running the plan would lose data. */
    public boolean losesData() {
        return items.stream().anyMatch(Loss::losesData);
    }

    /** One line: {@code table audit_log: 1,204 rows; column accounts.email: 3 values}; empty when nothing is lost. */
    public String summary() {
        return summary(losses());
    }

    /** The one-line summary of what one revision's statements lose, as {@code ferry_history} records it. */
    public Optional<String> forRevision(String revision) {
        List<Loss> own = losses().stream().filter(l -> l.revision().equals(revision)).toList();
        return own.isEmpty() ? Optional.empty() : Optional.of(summary(own));
    }

    /** One line per item, {@code 002_email.sql:9 (r2): column accounts.email: 3 values}, for reports. */
    public List<String> lines() {
        return items.stream().map(l -> l.where() + " (" + l.revision() + "): " + l.describe()
                + (l.losesData() ? "" : l.measure() == Loss.Measure.UNCOUNTED ? "" : ", nothing lost")).toList();
    }

    /**
     * The refusal of a run that would lose data without leave: {@code downgrade-loses-data} or
     * {@code upgrade-loses-data}, listing each loss with its place.
     */
    public FerryException refusal(Direction direction, String target) {
        boolean down = direction == Direction.DOWNGRADE;
        String list = losses().stream().map(l -> l.describe() + " (" + l.where() + ", revision " + l.revision() + ")")
                .collect(Collectors.joining("; "));
        return new FerryException(down ? MigrationErrorCode.DOWNGRADE_LOSES_DATA : MigrationErrorCode.UPGRADE_LOSES_DATA,
                (down ? "downgrade" : "upgrade") + " to " + target + " would lose data, so nothing was run: " + list,
                Remedy.of(down ? "save that data first, then run again with " : "check that the data may go (or save"
                        + " it), then run again with ", MigrationRemedy.ALLOW_DATA_LOSS, ", which the history records"));
    }

    private static String summary(List<Loss> losses) {
        return losses.stream().map(Loss::describe).collect(Collectors.joining("; "));
    }
}
