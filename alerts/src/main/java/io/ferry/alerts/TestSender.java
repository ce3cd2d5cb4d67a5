package io.ferry.alerts;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ferry alerts test}: a test alert posted to each sink at once, outside the spool, one sink after another. */
final class TestSender {

    private final AlertsSettings settings;
    private final Poster poster;
    private final Clock clock;

    TestSender(AlertsSettings settings, HttpClient http, Clock clock, Duration timeout) {
        this.settings = settings;
        this.poster = new Poster(http, clock, timeout);
        this.clock = clock;
    }

    List<Dispatcher.TestOutcome> send(String only) {
        if (only != null && settings.sink(only) == null) {
            throw new IllegalArgumentException("no alert sink is named '" + only + "'; the sinks are "
                    + String.join(", ", settings.sinks().stream().map(SinkSettings::name).toList()));
        }
        List<Dispatcher.TestOutcome> outcomes = new ArrayList<>();
        for (SinkSettings sink : settings.sinks()) {
            if (only == null || sink.name().equals(only)) {
                outcomes.add(send(sink));
            }
        }
        return outcomes;
    }

    private Dispatcher.TestOutcome send(SinkSettings sink) {
        Instant now = clock.instant();
        Alert alert = alert(sink, now);
        Protocol protocol = Protocol.of(sink.type());
        String id = DeliveryIds.of(sink.name(), alert.key(), Transition.TEST, now);
        Answer last = null;
        for (String body : protocol.renderTest(sink, alert, settings.publicUrl())) {
            last = poster.post(sink, protocol, id, body);
            if (last == null) {
                Thread.currentThread().interrupt();
                return new Dispatcher.TestOutcome(sink.name(), false, 0, "interrupted");
            }
            if (last.outcome() != Answer.Outcome.DELIVERED) {
                break;
            }
        }
        boolean delivered = last.outcome() == Answer.Outcome.DELIVERED;
        return new Dispatcher.TestOutcome(sink.name(), delivered, last.status(), last.error());
    }

    /** At the least severity the sink receives, so that its filter lets it through. */
    private Alert alert(SinkSettings sink, Instant now) {
        String base = settings.publicUrl();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sink", sink.name());
        details.put("sentBy", "ferry alerts test");
        return new Alert("ferry-test:" + now.getEpochSecond(), "ferry-test", sink.minSeverity(),
                "Test alert from Ferry to sink '" + sink.name() + "'; nothing is wrong",
                details,
                base == null ? null : base + "/admin/migrations", now, null);
    }
}
