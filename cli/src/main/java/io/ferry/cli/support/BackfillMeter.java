package io.ferry.cli.support;

import io.ferry.backfill.event.BackfillEvent;
import io.ferry.backfill.event.BackfillListener;
import io.ferry.migration.api.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A backfill's progress on stderr: on a terminal, one line redrawn in place with a bar, rows done, rate
 * and time left; otherwise (a log, a CI job) a plain line every few seconds and at the end.
 */
public final class BackfillMeter implements BackfillListener {

    private static final Duration LINE_EVERY = Duration.ofSeconds(5);
    private static final Duration REDRAW_EVERY = Duration.ofMillis(200);

    private final PrintWriter err;
    private final boolean terminal;
    private long started;
    private long lastDraw;
    private long scannedAtStart;
    private boolean drawn;
    private boolean seenProgress;

    public BackfillMeter(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void onEvent(BackfillEvent event) {
        if (event instanceof BackfillEvent.Started s) {
            started = System.nanoTime();
            lastDraw = started;
            drawn = false;
            seenProgress = false;
            String what = s.dryRun() ? "dry run of " : "";
            line(what + s.job() + (s.resumedFrom().isPresent() ? ": resuming run " + s.runId() + " after key "
                    + s.resumedFrom().get() : s.dryRun() ? "" : ": run " + s.runId())
                    + s.estimatedRows().map(n -> " (about " + n + " rows)").orElse(""));
        } else if (event instanceof BackfillEvent.Progress p) {
            if (!seenProgress) {
                seenProgress = true;
                scannedAtStart = p.rowsScanned() - p.batchScanned();
            }
            long now = System.nanoTime();
            Duration since = Duration.ofNanos(now - lastDraw);
            if (since.compareTo(terminal ? REDRAW_EVERY : LINE_EVERY) >= 0) {
                lastDraw = now;
                draw(p);
            }
        } else if (event instanceof BackfillEvent.Retry r) {
            clear();
            line("  a batch gave up after a lock or statement timeout (attempt " + r.attempt() + " of " + r.maxAttempts()
                    + "): " + r.error() + "; retrying with " + r.nextBatchSize() + " rows in "
                    + Durations.approximate(r.backoff()));
        } else if (event instanceof BackfillEvent.Finished) {
            clear();
        } else if (event instanceof BackfillEvent.Failed) {
            clear();
        }
    }

    private void draw(BackfillEvent.Progress p) {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        long doneHere = p.rowsScanned() - scannedAtStart;
        long rate = Math.round(doneHere / seconds);
        Optional<Long> total = p.estimatedRows().filter(n -> n > 0);
        StringBuilder text = new StringBuilder();
        if (total.isPresent()) {
            double fraction = Math.min(1.0, p.rowsScanned() / (double) total.get());
            if (terminal) {
                int filled = (int) Math.round(fraction * 24);
                text.append('[').append("#".repeat(filled)).append("-".repeat(24 - filled)).append("] ");
            }
            text.append(String.format(Locale.ROOT, "%3.0f%% ", fraction * 100));
        }
        text.append(p.rowsScanned()).append(total.map(n -> "/~" + n).orElse("")).append(" rows, ")
                .append(p.rowsChanged()).append(p.dryRun() ? " would change" : " changed").append(", ")
                .append(rate).append(" rows/s");
        if (total.isPresent() && rate > 0 && total.get() > p.rowsScanned()) {
            text.append(", about ").append(Durations.format(Duration.ofSeconds((total.get() - p.rowsScanned()) / rate)))
                    .append(" left");
        }
        if (terminal) {
            err.print("\r\033[K  " + text);
            err.flush();
            drawn = true;
        } else {
            line("  batch " + p.batch() + ": " + text);
        }
    }

    private void clear() {
        if (terminal && drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    private void line(String text) {
        err.println(text);
        err.flush();
    }
}
