package io.ferry.alerts;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;

/**
 * What one kind of sink expects: where to post, the body for each transition, and the headers of each
 * attempt. Bodies are rendered once, when a delivery is spooled, from the alert alone, so that every replica
 * and every attempt sends the same bytes.
 */
sealed interface Protocol permits WebhookProtocol, PagerDutyProtocol, AlertmanagerProtocol, SlackProtocol {

    static Protocol of(SinkSettings.Type type) {
        return switch (type) {
            case WEBHOOK -> new WebhookProtocol();
            case PAGERDUTY -> new PagerDutyProtocol();
            case ALERTMANAGER -> new AlertmanagerProtocol();
            case SLACK -> new SlackProtocol();
        };
    }

    /** Where the sink's posts go. */
    default URI target(SinkSettings sink) {
        return sink.url();
    }

    /** The body telling the sink of {@code alert}'s {@code transition}. */
    String render(SinkSettings sink, Alert alert, Transition transition, String publicUrl);

    /** The bodies of {@code ferry alerts test}, posted in order: by default one test transition. */
    default List<String> renderTest(SinkSettings sink, Alert alert, String publicUrl) {
        return List.of(render(sink, alert, Transition.TEST, publicUrl));
    }

    /** Adds the headers of one attempt made at {@code now} (a signature, for instance). */
    default void sign(HttpRequest.Builder request, SinkSettings sink, String id, String body, Instant now) {
    }

    /**
     * One body for several rendered ones, to resend them in one post; only protocols that {@link #resends()}
     * can.
     */
    default String together(List<String> bodies) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " resends nothing");
    }

    /** True for receivers that forget an alert not sent again (Alertmanager): firing alerts are resent. */
    default boolean resends() {
        return false;
    }
}
