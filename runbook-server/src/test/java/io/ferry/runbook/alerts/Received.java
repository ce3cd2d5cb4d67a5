package io.ferry.runbook.alerts;

import io.ferry.migration.testing.Await;
import io.ferry.runbook.testing.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Waits for the recorder to receive a transition of an alert. */
final class Received {

    private Received() {
    }

    /**
     * The first transition of {@code key} that is a firing ({@code firing}) or a resolve, once it came; only a hang
     * fails it ({@link Await}'s guard), so it asserts nothing about how soon.
     */
    static RecordingSink.Received await(RecordingSink sink, String key, boolean firing) throws Exception {
        try {
            Await.until((firing ? "a firing" : "a resolve") + " of " + key,
                    () -> !sink.received(a -> a.key().equals(key) && a.firing() == firing).isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; received: " + seen(sink), e);
        }
        return sink.received(a -> a.key().equals(key) && a.firing() == firing).get(0);
    }

    /** The first transition of {@code key} that is a firing ({@code firing}) or a resolve, once it came. */
    static RecordingSink.Received await(RecordingSink sink, String key, boolean firing, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<RecordingSink.Received> seen = sink.received(a -> a.key().equals(key) && a.firing() == firing);
            if (!seen.isEmpty()) {
                return seen.get(0);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no " + (firing ? "firing" : "resolve") + " of " + key + " within " + within
                        + "; received: " + seen(sink));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static List<String> seen(RecordingSink sink) {
        return sink.received().stream().map(r -> r.alert().key() + (r.alert().firing() ? " firing" : " resolved"))
                .toList();
    }
}
