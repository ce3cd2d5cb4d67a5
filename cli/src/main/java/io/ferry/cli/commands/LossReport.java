package io.ferry.cli.commands;

import io.ferry.migration.safety.DataLossReport;
import java.util.ArrayList;
import java.util.List;

/** The data-loss report as {@code --dry-run} prints it after the steps, and {@code --sql} at the top of its script. */
final class LossReport {

    private LossReport() {
    }

    /** The report's lines for a dry run: whether the run would lose data, then each statement that could. */
    static List<String> lines(DataLossReport report) {
        List<String> lines = new ArrayList<>();
        if (report.losesData()) {
            lines.add("data loss: the run would lose data the database holds, so it refuses without --allow-data-loss:");
        } else if (!report.items().isEmpty()) {
            lines.add("data loss: none; the statements that could lose data find nothing to lose:");
        } else {
            lines.add("data loss: none; no statement drops, empties or converts data");
        }
        report.lines().forEach(l -> lines.add("  " + l));
        return lines;
    }

    /**
     * The report as SQL comments, for the top of an offline script: the dry run's lines, also when nothing would be
     * lost ({@code -- ferry: data loss: none ...}). When something would be lost, the first line warns that psql
     * runs the script without asking: no guard stands between the script and the database.
     */
    static List<String> comment(DataLossReport report) {
        List<String> lines = lines(report);
        List<String> comments = new ArrayList<>();
        comments.add("-- ferry: " + (report.losesData() ? "this script loses data, and psql runs it without"
                + " asking:" : lines.get(0)));
        lines.subList(1, lines.size()).forEach(l -> comments.add("--" + l));
        return comments;
    }
}
