package io.ferry.backfill;

import java.time.Duration;
import java.util.Optional;

/**
 * The throttles and timeouts of one run, each resolved from the run's settings, then the job's entry in
 * {@code ferry.yaml}, then the defaults.
 *
 * @param batchSize        rows per batch to start with (and to grow back to after a retry)
 * @param sleep            the pause between batches
 * @param targetBatch      the time a batch should take, when the batch size adapts to it
 * @param lockTimeout      how long a batch waits for a lock before it gives up
 * @param statementTimeout how long one batch statement may run
 * @param retries          how many times a batch that gave up runs again, smaller, before the run fails
 */
record BatchLimits(int batchSize, Duration sleep, Optional<Duration> targetBatch, Duration lockTimeout,
                   Duration statementTimeout, int retries) {

    /** The limits for a run of the job with {@code options}, as {@code settings} ask. */
    static BatchLimits of(JobOptions options, RunSettings settings) {
        int batchSize = settings.batchSizeSet().orElseGet(() -> options.optionalLong("batch-size", 1).map(n -> {
            if (n > RunSettings.MAX_BATCH_SIZE) {
                throw options.invalid("batch-size must be 1 to " + RunSettings.MAX_BATCH_SIZE + ", not " + n,
                        "write a smaller batch-size");
            }
            return n.intValue();
        }).orElse(RunSettings.DEFAULT_BATCH_SIZE));
        Duration sleep = settings.sleepSet().orElseGet(() -> options.optionalDuration("sleep").orElse(Duration.ZERO));
        Optional<Duration> target = settings.targetBatchSet().or(() -> options.optionalLong("target-batch-ms", 1)
                .map(Duration::ofMillis));
        Duration lockTimeout = settings.lockTimeoutSet().orElseGet(() -> options.optionalDuration("lock-timeout")
                .map(d -> timeout(options, "lock-timeout", d)).orElse(RunSettings.DEFAULT_LOCK_TIMEOUT));
        Duration statementTimeout = settings.statementTimeoutSet().orElseGet(() -> options
                .optionalDuration("statement-timeout").map(d -> timeout(options, "statement-timeout", d))
                .orElse(RunSettings.DEFAULT_STATEMENT_TIMEOUT));
        int retries = settings.retriesSet().orElseGet(() -> options.optionalLong("retries", 0).map(Long::intValue)
                .orElse(RunSettings.DEFAULT_RETRIES));
        return new BatchLimits(batchSize, sleep, target, lockTimeout, statementTimeout, retries);
    }

    private static Duration timeout(JobOptions options, String key, Duration d) {
        try {
            return RunSettings.timeout(d, key);
        } catch (IllegalArgumentException e) {
            throw options.invalid(e.getMessage(), "write " + key + ": 1s, for example");
        }
    }

    /**
     * The size of the next batch after a full one: adapted to the target time when there is one, otherwise
     * growing back towards the set size after a retry made batches smaller.
     */
    int nextSize(int size, BatchReport report) {
        if (report.rowsScanned() < report.batchSize()) {
            return size;
        }
        if (targetBatch.isPresent()) {
            double ratio = targetBatch.get().toMillis() / (double) Math.max(1, report.durationMs());
            ratio = Math.max(0.5, Math.min(2.0, ratio));
            return (int) Math.max(1, Math.min(RunSettings.MAX_BATCH_SIZE, Math.round(report.batchSize() * ratio)));
        }
        return report.batchSize() < batchSize ? Math.min(batchSize, report.batchSize() * 2) : batchSize;
    }
}
