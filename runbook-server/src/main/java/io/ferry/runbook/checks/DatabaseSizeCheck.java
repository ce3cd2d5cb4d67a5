package io.ferry.runbook.checks;

import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.Snapshot.TableSize;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code database-size}: how large the database is, and its largest tables (with indexes and TOAST). */
@ApplicationScoped
public class DatabaseSizeCheck implements Check {

    @Override
    public String name() {
        return "database-size";
    }

    @Override
    public int order() {
        return 90;
    }

    @Override
    public CheckResult evaluate(Snapshot snapshot) {
        Long size = snapshot.database().sizeBytes();
        if (size == null || snapshot.connections() == null) {
            return Show.unknown(snapshot);
        }
        String summary = Show.bytes(size) + (snapshot.largestTables().isEmpty() ? ", no tables"
                : "; largest table " + qualified(snapshot.largestTables().get(0)) + ", "
                + Show.bytes(snapshot.largestTables().get(0).totalBytes()));
        CheckResult.Builder result = CheckResult.of(CheckResult.Status.OK, summary).columns("table", "size");
        snapshot.largestTables().forEach(t -> result.row(qualified(t), Show.bytes(t.totalBytes())));
        return result.build();
    }

    private static String qualified(TableSize t) {
        return t.schema() + "." + t.table();
    }
}
