package io.ferry.migration.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Waits for something a test needs to happen before it goes on, polling. The guard is long enough that
 * only a hang reaches it; it turns the hang into a failure naming what never happened. It asserts
 * nothing about how fast anything is.
 */
public final class Await {

    private static final Duration GUARD = Duration.ofMinutes(3);

    private Await() {
    }

    /** Polls {@code condition} every 20 ms until it holds; a condition may throw to fail at once. */
    public static void until(String what, Callable<Boolean> condition) throws Exception {
        long guard = System.nanoTime() + GUARD.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() - guard > 0) {
                throw new AssertionError("never happened: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
