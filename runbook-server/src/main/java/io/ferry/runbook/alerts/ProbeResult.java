package io.ferry.runbook.alerts;

import io.ferry.migration.api.ErrorCode;
import java.time.Instant;

/**
 * One probe of the database: when, and why it failed ({@code code} and {@code message} are null when it answered).
 */
public record ProbeResult(Instant at, ErrorCode code, String message) {

    public static ProbeResult answered(Instant at) {
        return new ProbeResult(at, null, null);
    }

    public boolean ok() {
        return code == null;
    }
}
