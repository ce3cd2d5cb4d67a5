package io.ferry.cli.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import java.util.List;

/**
 * One revision, as {@code show} and {@code history} print it.
 *
 * @param applied whether the database has it; left out where no database was read ({@code show})
 * @param details  written after the first keys when asked for ({@code show}, {@code history --verbose})
 * @param dataLoss ({@code history}) each run of the revision that was allowed to lose data, from
 *                 {@code ferry_history}; left out when there is none
 */
public record RevisionJson(String id, List<String> parents, String message,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Boolean applied,
                           @JsonUnwrapped Details details,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AllowedLoss> dataLoss) {

    /**
     * A history row of a run allowed to lose data ({@code --allow-data-loss}).
     *
     * @param action       {@code upgrade} or {@code downgrade}
     * @param at           when it started (ISO-8601)
     * @param databaseUser who ran it
     * @param lost         what it lost, one line
     */
    public record AllowedLoss(String action, String at, String databaseUser, String lost) {
    }

    /** This revision with the runs of it that were allowed to lose data. */
    public RevisionJson withDataLoss(List<AllowedLoss> losses) {
        return new RevisionJson(id, parents, message, applied, details, losses);
    }

    public record Details(List<String> children, List<String> dependsOn, List<String> branchLabels, String file,
                          boolean transactional, boolean reversible, String checksum) {
    }

    public static RevisionJson of(RevisionGraph graph, Revision r, Boolean applied, boolean withDetails) {
        Details details = !withDetails ? null : new Details(graph.children(r).stream().map(Revision::id).toList(),
                r.dependsOn(), List.copyOf(graph.branchLabels(r)), r.origin(), r.transactional(), r.isReversible(),
                r.checksum());
        return new RevisionJson(r.id(), r.parents(), r.message(), applied, details, List.of());
    }
}
