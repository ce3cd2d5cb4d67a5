package io.ferry.cli.commands;

import io.ferry.migration.Ferry;
import io.ferry.migration.MigrationResult;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.RevisionGraph;
import io.ferry.migration.graph.Step;
import io.ferry.migration.jdbc.Session;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.schema.SchemaChange;
import io.ferry.migration.schema.SchemaDiff;
import io.ferry.migration.schema.SchemaSnapshot;
import io.ferry.workspace.ScratchDatabase;
import io.ferry.workspace.Workspace;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The checks of {@code ferry verify}, run on scratch databases that are dropped afterwards: a single
 * head; a fresh database upgrades to heads, one revision at a time; each revision's down restores the
 * schema before it, and its up again the schema after it; upgrading again changes nothing; the final
 * schema, built from its SQL and stamped at heads, upgrades as a no-op. Revisions without a down are
 * listed, not failed.
 */
final class Verification {

    /** One check: its name, whether it passed, a one-line detail, and each failure found. */
    record Check(String name, boolean ok, String detail, List<String> failures) {
        Check {
            failures = List.copyOf(failures);
        }
    }

    /** Every check, in the order run, and the revisions that have no down. */
    record Result(List<Check> checks, List<String> irreversible) {
        boolean ok() {
            return checks.stream().allMatch(Check::ok);
        }
    }

    private final Workspace ws;
    private final RevisionGraph graph;
    private final String devUrl;

    Verification(Workspace ws, RevisionGraph graph, String devUrl) {
        this.ws = ws;
        this.graph = graph;
        this.devUrl = devUrl;
    }

    Result run() {
        List<Check> checks = new ArrayList<>();
        List<String> heads = graph.heads().stream().map(Revision::id).toList();
        checks.add(heads.size() <= 1
                ? new Check("single head", true, heads.isEmpty() ? "no revisions" : "one head: " + heads.get(0), List.of())
                : new Check("single head", false, "more than one head: " + String.join(", ", heads), List.of()));
        List<String> irreversible = graph.revisions().stream().filter(r -> !r.isReversible()).map(Revision::id).toList();
        if (graph.isEmpty()) {
            List.of(FRESH, DOWN_UP, AGAIN, STAMPED).forEach(n -> checks.add(new Check(n, true, "no revisions", List.of())));
            return new Result(checks, irreversible);
        }
        Optional<SchemaSnapshot> last = Optional.empty();
        try (ScratchDatabase scratch = ws.scratchDatabase(devUrl)) {
            Ferry ferry = ws.ferry(scratch);
            try {
                int n = ferry.upgrade("heads").steps().size();
                checks.add(new Check(FRESH, true, n + " revision" + (n == 1 ? "" : "s") + " applied", List.of()));
                last = Optional.of(snapshot(scratch));
            } catch (FerryException e) {
                checks.add(new Check(FRESH, false, "the upgrade fails", List.of(e.getMessage())));
            }
            if (last.isPresent()) {
                checks.add(again(ferry, scratch, last.get()));
            }
        }
        try (ScratchDatabase scratch = ws.scratchDatabase(devUrl)) {
            checks.add(walk(ws.ferry(scratch), scratch));
        }
        if (last.isEmpty()) {
            String why = "not checked: a fresh database does not reach heads";
            checks.add(new Check(AGAIN, false, why, List.of()));
            checks.add(new Check(STAMPED, false, why, List.of()));
            return new Result(order(checks), irreversible);
        }
        try (ScratchDatabase scratch = ws.scratchDatabase(devUrl)) {
            checks.add(stamped(scratch, last.get()));
        }
        return new Result(order(checks), irreversible);
    }

    private static final String FRESH = "a fresh database upgrades to heads";
    private static final String AGAIN = "upgrading again changes nothing";
    private static final String DOWN_UP = "up, down, up restores each schema";
    private static final String STAMPED = "the final schema, stamped at heads, upgrades as a no-op";
    private static final List<String> ORDER = List.of("single head", FRESH, DOWN_UP, AGAIN, STAMPED);

    /** The checks in the order they are reported, whatever the order they ran in. */
    private static List<Check> order(List<Check> checks) {
        return checks.stream().sorted(Comparator.comparingInt(c -> ORDER.indexOf(c.name()))).toList();
    }

    /**
     * Each revision in graph order, on a database where the revisions before it are applied: up, down,
     * up again, comparing the schema after the down with the one before the up, and after the second up
     * with the one after the first. Stops at a revision whose up, down or second up fails.
     */
    private Check walk(Ferry ferry, ScratchDatabase scratch) {
        List<String> failures = new ArrayList<>();
        List<String> alone = new ArrayList<>();
        int checked = 0;
        SchemaSnapshot before = snapshot(scratch);
        for (Revision r : graph.revisions()) {
            String step = "up";
            try {
                ferry.upgrade(r.id());
                SchemaSnapshot after = snapshot(scratch);
                Optional<String> target = r.isReversible() ? revertTarget(ferry.current(), r) : Optional.empty();
                if (r.isReversible() && target.isEmpty()) {
                    alone.add(r.id());
                }
                if (target.isPresent()) {
                    checked++;
                    step = "down";
                    ferry.downgrade(target.get());
                    SchemaSnapshot down = snapshot(scratch);
                    differences(down, before).forEach(d -> failures.add(r.id()
                            + ": down does not restore the schema before it: " + d));
                    step = "up after down";
                    ferry.upgrade(r.id());
                    differences(snapshot(scratch), after).forEach(d -> failures.add(r.id()
                            + ": up after down gives another schema: " + d));
                }
                before = after;
            } catch (FerryException e) {
                failures.add(r.id() + ": " + step + " fails: " + e.getMessage());
                return downUp(failures, checked, alone, "stopped at " + r.id());
            }
        }
        return downUp(failures, checked, alone, null);
    }

    private static Check downUp(List<String> failures, int checked, List<String> alone, String note) {
        String detail = checked + " revision" + (checked == 1 ? "" : "s") + " reverted and applied again"
                + (alone.isEmpty() ? "" : ", not " + String.join(", ", alone) + " (no downgrade reverts it alone)")
                + (note == null ? "" : ", " + note);
        return new Check(DOWN_UP, failures.isEmpty(), detail, failures);
    }

    /**
     * The downgrade target that reverts {@code r} alone, {@code r} being the revision applied last: down
     * one step on its line, or, for a merge, to one of its parents; none when no target does exactly that.
     */
    private Optional<String> revertTarget(List<String> current, Revision r) {
        List<String> candidates = new ArrayList<>();
        candidates.add(r.id() + "@-1");
        candidates.addAll(r.parents());
        for (String candidate : candidates) {
            try {
                List<Step> steps = graph.downgradePath(current, candidate);
                if (steps.size() == 1 && steps.get(0).revision().id().equals(r.id())) {
                    return Optional.of(candidate);
                }
            } catch (FerryException e) {
                // not this way: try the next
            }
        }
        return Optional.empty();
    }

    /** A second upgrade to heads applies nothing and leaves the schema as it was. */
    private Check again(Ferry ferry, ScratchDatabase scratch, SchemaSnapshot last) {
        MigrationResult result = ferry.upgrade("heads");
        List<String> failures = new ArrayList<>();
        result.steps().forEach(s -> failures.add("applies " + s.revision() + " again"));
        differences(snapshot(scratch), last).forEach(d -> failures.add("the schema changes: " + d));
        return new Check(AGAIN, failures.isEmpty(), failures.isEmpty() ? "nothing applied" : "it changes something",
                failures);
    }

    /**
     * A database built from the final schema's SQL (from an empty database's schema to the final one),
     * stamped at heads: upgrading it applies nothing and its schema is the final one.
     */
    private Check stamped(ScratchDatabase scratch, SchemaSnapshot last) {
        List<String> statements = SchemaDiff.forwardSql(SchemaDiff.between(snapshot(scratch), last));
        try (Session session = Session.open(scratch.dataSource()); Statement s = session.connection().createStatement()) {
            session.connection().setAutoCommit(true);
            for (String sql : statements) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    return new Check(STAMPED, false, "the final schema's SQL fails", List.of(sql + ": "
                            + SqlErrors.translate("building the final schema", e).getMessage()));
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("building the final schema", e);
        }
        List<String> failures = new ArrayList<>();
        differences(snapshot(scratch), last).forEach(d -> failures.add("built from its SQL: " + d));
        Ferry ferry = ws.ferry(scratch);
        if (ferry.isFlywayProject()) {
            // Flyway's history has no stamp: its baseline at the last version says the same (a chain, one head).
            ferry.flyway().baseline(graph.heads().get(0).id().replace('_', '.'), null);
        } else {
            ferry.stamp(List.of("heads"), false);
        }
        MigrationResult result = ferry.upgrade("heads");
        result.steps().forEach(s -> failures.add("applies " + s.revision() + " after the stamp"));
        differences(snapshot(scratch), last).forEach(d -> failures.add("after the stamp and upgrade: " + d));
        return new Check(STAMPED, failures.isEmpty(), failures.isEmpty() ? statements.size()
                + " statement" + (statements.size() == 1 ? "" : "s") + " built it; nothing applied" : "it is not a no-op",
                failures);
    }

    private SchemaSnapshot snapshot(ScratchDatabase scratch) {
        return ws.snapshot(scratch.dataSource());
    }

    /** What {@code actual} has that {@code expected} has not, and the reverse, as descriptions. */
    private static List<String> differences(SchemaSnapshot actual, SchemaSnapshot expected) {
        return SchemaDiff.between(actual, expected).stream().filter(SchemaChange::difference)
                .map(SchemaChange::description).toList();
    }
}
