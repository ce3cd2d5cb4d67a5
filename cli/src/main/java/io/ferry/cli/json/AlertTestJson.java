package io.ferry.cli.json;

import io.ferry.alerts.Dispatcher;
import java.util.List;

/**
 * {@code alerts test}: how each sink took its test alert.
 *
 * @param delivered true when every sink accepted it
 */
public record AlertTestJson(boolean delivered, List<Sink> sinks) {

    /**
     * @param status the HTTP status of the sink's answer; 0 when none came
     * @param error  what went wrong, or null
     */
    public record Sink(String sink, boolean delivered, int status, String error) {
    }

    public static AlertTestJson of(List<Dispatcher.TestOutcome> outcomes) {
        return new AlertTestJson(outcomes.stream().allMatch(Dispatcher.TestOutcome::delivered),
                outcomes.stream().map(o -> new Sink(o.sink(), o.delivered(), o.status(), o.error())).toList());
    }
}
