package io.ferry.migration.exec;

import io.ferry.migration.graph.Direction;
import java.time.Duration;

/** What running one revision took: how long, and how many attempts (more than one after lock timeouts). */
public record StepResult(String revision, Direction direction, Duration took, int attempts) {
}
