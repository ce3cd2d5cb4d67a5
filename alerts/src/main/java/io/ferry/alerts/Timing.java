package io.ferry.alerts;

import java.time.Duration;

/**
 * The dispatcher's fixed numbers; tests shorten them.
 *
 * @param attemptTimeout  how long one attempt may take
 * @param resendEvery     how often Alertmanager sinks are sent their firing alerts again
 * @param inFlightPerSink how many deliveries of one sink may be on the wire at once (of different keys)
 */
record Timing(Duration attemptTimeout, Duration resendEvery, int inFlightPerSink) {

    static final Timing DEFAULT = new Timing(Duration.ofSeconds(10), Duration.ofMinutes(1), 8);
}
