package io.ferry.backfill;

import io.ferry.migration.api.LockHolder;
import java.util.Optional;

/**
 * A declared job and how it stands: its newest run, if it ever ran, and the session running it now.
 */
public record JobStatus(JobDefinition definition, Optional<RunRecord> last, Optional<LockHolder> runningIn) {
}
