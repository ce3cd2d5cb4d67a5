package io.ferry.alerts;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every sink's lane shares: the spool, the way to post, the schedule, the threads and the listener.
 *
 * @param workers make the attempts
 * @param timer   wakes lanes when a retry is due, and ticks Alertmanager resends
 */
record Lanes(Spool spool, Poster poster, List<Duration> retry, Clock clock, DeliveryListener listener,
             ExecutorService workers, ScheduledExecutorService timer, Timing timing) {

    private static final System.Logger LOG = System.getLogger(Lanes.class.getName());

    /** Tells the listener a delivery's outcome; a listener that fails is logged, and delivery goes on. */
    void tell(SpoolEntry entry, String outcome) {
        try {
            listener.attempted(entry.delivery(), outcome);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "alert delivery listener failed on " + entry.id() + ": " + e);
        }
    }
}
