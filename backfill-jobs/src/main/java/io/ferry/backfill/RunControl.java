package io.ferry.backfill;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets another thread (a signal handler) ask a run to stop: the run finishes the batch in hand, commits
 * it, records itself {@code paused}, and returns. Thread-safe.
 */
public final class RunControl {

    private final CountDownLatch stop = new CountDownLatch(1);

    /** Asks the run to stop after the current batch. */
    public void requestStop() {
        stop.countDown();
    }

    public boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /** Sleeps between batches, waking early when a stop is requested. */
    void pause(long millis) throws InterruptedException {
        if (millis > 0) {
            stop.await(millis, TimeUnit.MILLISECONDS);
        }
    }
}
