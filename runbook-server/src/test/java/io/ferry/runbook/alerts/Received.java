package io.ferry.runbook.alerts;

import io.ferry.runbook.testing.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Waits, within a deadline, for the recorder to receive a transition of an alert. */
final class Received {

    private Received() {
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
                        + "; received: " + sink.received().stream().map(r -> r.alert().key() + (r.alert().firing()
                        ? " firing" : " resolved")).toList());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
