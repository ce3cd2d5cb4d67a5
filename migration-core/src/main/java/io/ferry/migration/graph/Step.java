package io.ferry.migration.graph;

import java.util.Objects;

/** One revision to run, and which of its bodies to run. */
public record Step(Revision revision, Direction direction) {
    public Step {
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(direction, "direction");
    }

    @Override
    public String toString() {
        return (direction == Direction.UPGRADE ? "+" : "-") + revision.id();
    }
}
