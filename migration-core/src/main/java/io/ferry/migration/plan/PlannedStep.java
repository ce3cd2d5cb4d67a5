package io.ferry.migration.plan;

import io.ferry.migration.graph.Body;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.sql.SqlStatement;
import java.util.List;

/**
 * One step of a plan: a revision, which way it runs, and the heads of the database before and after it
 * (what {@code ferry_version} holds).
 */
public record PlannedStep(Revision revision, Direction direction, Body body, List<String> headsBefore,
                          List<String> headsAfter) {

    public PlannedStep {
        headsBefore = List.copyOf(headsBefore);
        headsAfter = List.copyOf(headsAfter);
    }

    public boolean transactional() {
        return revision.transactional();
    }

    /** The SQL statements this step runs. */
    public List<SqlStatement> statements() {
        return body instanceof SqlBody sql ? sql.statements() : List.of();
    }
}
