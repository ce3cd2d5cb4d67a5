package io.ferry.migration;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A database that is at revisions no migration file defines, placed against the files as well as its
 * history allows. {@code ferry_history} does not record parents, but {@code ferry_version} keeps only
 * heads: a revision the files define that the history shows applied, that no applied revision of the
 * files comes after, and that is no longer a head, must have been covered by one of the unknown
 * revisions. The unknown revisions were applied on top of it.
 *
 * @param heads             the current heads that no file defines
 * @param undefined         every applied revision no file defines: the heads, then the others by id
 * @param placement         where the unknown revisions sit against the files
 * @param appliedOnTopOf    the revisions of the files the unknown ones were applied on top of; empty when
 *                          the history does not show it
 * @param filesContinueWith revisions the files define after {@code appliedOnTopOf} that the database does
 *                          not have, in order: where the files went another way
 * @param knownTips         the newest applied revisions the files define (the known heads and
 *                          {@code appliedOnTopOf}): everything below them is applied
 */
public record UnknownRevisions(List<String> heads, List<String> undefined, Placement placement,
                               List<String> appliedOnTopOf, List<String> filesContinueWith, List<String> knownTips) {

    /** Where the unknown revisions sit against the files. */
    public enum Placement {
        /** Applied on top of the files' last revisions: a newer version of the project migrated the database. */
        AHEAD,
        /** Applied on top of a revision after which the files went another way: another branch of them. */
        OTHER_BRANCH,
        /** The history does not show which of the files' revisions they follow. */
        UNPLACED
    }

    public UnknownRevisions {
        heads = List.copyOf(heads);
        undefined = List.copyOf(undefined);
        appliedOnTopOf = List.copyOf(appliedOnTopOf);
        filesContinueWith = List.copyOf(filesContinueWith);
        knownTips = List.copyOf(knownTips);
    }

    /**
     * Places the heads the files do not define, or nothing when the files define every head.
     *
     * @param current the heads {@code ferry_version} holds
     * @param applied every revision the history says is applied, known or not
     */
    public static Optional<UnknownRevisions> of(RevisionGraph graph, Collection<String> current,
                                                Collection<String> applied) {
        List<String> heads = current.stream().filter(id -> graph.find(id).isEmpty()).sorted().toList();
        if (heads.isEmpty()) {
            return Optional.empty();
        }
        List<String> undefined = new ArrayList<>(heads);
        applied.stream().filter(id -> graph.find(id).isEmpty() && !heads.contains(id)).sorted().forEach(undefined::add);
        List<Revision> knownApplied = new ArrayList<>();
        for (String id : applied) {
            graph.find(id).ifPresent(knownApplied::add);
        }
        current.forEach(id -> graph.find(id).ifPresent(knownApplied::add));
        Set<Revision> below = graph.ancestors(knownApplied);
        List<Revision> tips = graph.tips(below);
        List<Revision> onTopOf = tips.stream().filter(r -> !current.contains(r.id())).toList();
        Set<Revision> after = new HashSet<>(graph.descendants(onTopOf));
        after.removeAll(below);
        List<String> continueWith = graph.sorted(after).stream().map(Revision::id).toList();
        Placement placement = onTopOf.isEmpty() ? Placement.UNPLACED
                : continueWith.isEmpty() ? Placement.AHEAD : Placement.OTHER_BRANCH;
        return Optional.of(new UnknownRevisions(heads, undefined, placement, ids(onTopOf), continueWith, ids(tips)));
    }

    /** One line: where the database is, and why the files cannot take it further. */
    public String message() {
        String at = "it is at " + String.join(", ", heads) + ", which no file defines" + earlier();
        return switch (placement) {
            case AHEAD -> "the database is ahead of the migration files: " + at + ", applied on top of "
                    + String.join(", ", appliedOnTopOf) + ", where these files end";
            case OTHER_BRANCH -> "the database is on another branch of the migrations: " + at + ", applied on top of "
                    + String.join(", ", appliedOnTopOf) + ", where these files continue with " + few(filesContinueWith)
                    + " instead";
            case UNPLACED -> "the database is at " + String.join(", ", heads) + ", which no migration file defines"
                    + earlier() + ", and its history does not show which of the files' revisions "
                    + (heads.size() == 1 ? "it follows" : "they follow")
                    + (knownTips.isEmpty() ? " (none of them is applied)" : "");
        };
    }

    /** What to do: bring the missing files here, or, when the revisions were dropped, record where the database is. */
    public Remedy remedy() {
        String them = String.join(", ", heads);
        String was = heads.size() == 1 ? " was" : " were";
        String stampTo = String.join(", ", knownTips);
        Remedy.Action stamp = MigrationRemedy.PURGE.with(knownTips.isEmpty() ? List.of("REV") : knownTips);
        return switch (placement) {
            case AHEAD -> Remedy.of("run the newer version of the project, whose migrations define " + them
                    + "; if " + them + was + " removed on purpose, undo its changes by hand, then record the database at "
                    + stampTo + " with: ", stamp);
            case OTHER_BRANCH -> Remedy.of("check out or merge the branch of the migrations that defines " + them
                    + "; if that branch was dropped, undo its changes by hand, record the database at " + stampTo
                    + " with: ", stamp, ", then apply these files with: ", MigrationRemedy.UPGRADE.with("heads"));
            case UNPLACED -> Remedy.of("check that ", MigrationRemedy.LOCATIONS, " points at this database's"
                    + " migrations, at a version that defines " + them + "; if " + them + was + " removed on purpose, undo its"
                    + " changes by hand, then record where the database is with: ", stamp);
        };
    }

    /** The refusal of a run that would start from these heads. */
    public FerryException exception() {
        return new FerryException(MigrationErrorCode.UNKNOWN_APPLIED_REVISION, message(), remedy());
    }

    /** The other undefined revisions, applied before the heads. */
    private String earlier() {
        List<String> others = undefined.stream().filter(id -> !heads.contains(id)).toList();
        return others.isEmpty() ? "" : " (nor " + few(others) + ", applied before it)";
    }

    private static String few(List<String> ids) {
        return ids.size() <= 3 ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, 3)) + " and " + (ids.size() - 3) + " more";
    }

    private static List<String> ids(List<Revision> revisions) {
        return revisions.stream().map(Revision::id).toList();
    }
}
