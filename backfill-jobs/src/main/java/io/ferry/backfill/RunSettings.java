package io.ferry.backfill;

import io.ferry.migration.api.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to run a job: the throttles, the timeouts, and whether it is a dry run. A setting left unset here
 * comes from the job's own entry in {@code ferry.yaml} (same names: {@code batch-size}, {@code sleep},
 * {@code target-batch-ms}, {@code lock-timeout}, {@code statement-timeout}), then from the defaults.
 */
public final class RunSettings {

    /**
     * Rows per batch unless told otherwise: tens of milliseconds of work for simple jobs, so that the
     * application never waits long on a batch's row locks, and few enough commits that they cost little.
     */
    public static final int DEFAULT_BATCH_SIZE = 5_000;
    /** The largest batch {@code --target-batch-ms} may grow to. */
    public static final int MAX_BATCH_SIZE = 100_000;
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_RETRIES = 5;
    public static final int DEFAULT_SAMPLES = 10;

    private boolean dryRun;
    private boolean restart;
    private Integer batchSize;
    private Duration sleep;
    private Long maxRows;
    private Duration targetBatch;
    private Duration lockTimeout;
    private Duration statementTimeout;
    private Integer retries;
    private int samples = DEFAULT_SAMPLES;

    public static RunSettings defaults() {
        return new RunSettings();
    }

    /** Report what the run would do, changing nothing. */
    public RunSettings dryRun(boolean dryRun) {
        this.dryRun = dryRun;
        return this;
    }

    /** Start from the beginning even when the last run was interrupted (it is marked cancelled). */
    public RunSettings restart(boolean restart) {
        this.restart = restart;
        return this;
    }

    public RunSettings batchSize(int rows) {
        if (rows < 1 || rows > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("the batch size must be 1 to " + MAX_BATCH_SIZE + ", not " + rows);
        }
        this.batchSize = rows;
        return this;
    }

    /** Pause between batches, to leave the database room for other work. */
    public RunSettings sleep(Duration sleep) {
        this.sleep = nonNegative(sleep, "the sleep");
        return this;
    }

    /** Scan at most this many rows in this invocation, then stop {@code paused}. */
    public RunSettings maxRows(long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("max rows must be 1 or more, not " + rows);
        }
        this.maxRows = rows;
        return this;
    }

    /** Grow or shrink the batch size so that each batch takes about this long. */
    public RunSettings targetBatch(Duration target) {
        if (target.isZero() || target.isNegative()) {
            throw new IllegalArgumentException("the target batch time must be positive");
        }
        this.targetBatch = target;
        return this;
    }

    /** How long a batch waits for a row or table lock before it gives up and is retried smaller. */
    public RunSettings lockTimeout(Duration timeout) {
        this.lockTimeout = timeout(timeout, "the lock timeout");
        return this;
    }

    /** How long one batch statement may run before it is cancelled and retried smaller. */
    public RunSettings statementTimeout(Duration timeout) {
        this.statementTimeout = timeout(timeout, "the statement timeout");
        return this;
    }

    /** How many times a batch that timed out is retried (each time half the size) before the run fails. */
    public RunSettings retries(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, not " + retries);
        }
        this.retries = retries;
        return this;
    }

    /** How many rows a dry run shows with their values before and after (default 10). */
    public RunSettings samples(int samples) {
        this.samples = Math.max(0, samples);
        return this;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public boolean restart() {
        return restart;
    }

    public int samples() {
        return samples;
    }

    public Optional<Long> maxRows() {
        return Optional.ofNullable(maxRows);
    }

    Optional<Integer> batchSizeSet() {
        return Optional.ofNullable(batchSize);
    }

    Optional<Duration> sleepSet() {
        return Optional.ofNullable(sleep);
    }

    Optional<Duration> targetBatchSet() {
        return Optional.ofNullable(targetBatch);
    }

    Optional<Duration> lockTimeoutSet() {
        return Optional.ofNullable(lockTimeout);
    }

    Optional<Duration> statementTimeoutSet() {
        return Optional.ofNullable(statementTimeout);
    }

    Optional<Integer> retriesSet() {
        return Optional.ofNullable(retries);
    }

    /** The settings given, for the run's recorded parameters. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dryRun", dryRun);
        m.put("restart", restart);
        if (batchSize != null) {
            m.put("batchSize", batchSize);
        }
        if (sleep != null) {
            m.put("sleepMs", sleep.toMillis());
        }
        if (maxRows != null) {
            m.put("maxRows", maxRows);
        }
        if (targetBatch != null) {
            m.put("targetBatchMs", targetBatch.toMillis());
        }
        if (lockTimeout != null) {
            m.put("lockTimeoutMs", lockTimeout.toMillis());
        }
        if (statementTimeout != null) {
            m.put("statementTimeoutMs", statementTimeout.toMillis());
        }
        if (retries != null) {
            m.put("retries", retries);
        }
        return m;
    }

    /** The longest timeout PostgreSQL accepts, in milliseconds. */
    static final long MAX_TIMEOUT_MS = Integer.MAX_VALUE;

    /**
     * A batch timeout: at least 1 ms (0 would turn it off, and a batch could then wait behind the
     * application forever) and at most PostgreSQL's limit of about 24 days.
     */
    static Duration timeout(Duration d, String what) {
        if (d.toMillis() < 1 || d.toMillis() > MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException(what + " must be from 1ms to " + MAX_TIMEOUT_MS + "ms, not "
                    + io.ferry.migration.api.Durations.format(d) + " (a backfill never runs without one)");
        }
        return d;
    }

    private static Duration nonNegative(Duration d, String what) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " cannot be negative");
        }
        return d;
    }
}
