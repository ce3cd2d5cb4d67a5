package io.ferry.runbook.alerts;

import io.ferry.alerts.Delivery;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The alerts as the pages show them ({@code inject:alertNotes} in the templates): the dashboard's active alerts and
 * recent deliveries, and on a runbook page the alerts that link to it, each with who was told and when.
 */
@Singleton
@Named("alertNotes")
public class AlertNotes {

    /** How many deliveries the dashboard lists. */
    static final int DELIVERIES = 20;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** A delivery as the dashboard lists it. */
    public record DeliveryView(String sink, String key, String transition, String status, int attempts,
                               String lastError, Instant deliveredAt) {
    }

    /** An alert that links to a runbook page, and whom it reached ({@code pager (pagerduty) notified 14:02 UTC}). */
    public record PageAlert(AlertView alert, String notified) {
    }

    private final ServerAlerts alerts;

    public AlertNotes(ServerAlerts alerts) {
        this.alerts = alerts;
    }

    /** The alerts firing, oldest first. */
    public List<AlertView> active() {
        return alerts.book().active().stream().map(AlertView::of).toList();
    }

    /** The recent deliveries, pending first, then newest first. */
    public List<DeliveryView> deliveries() {
        return alerts.sink().deliveries(DELIVERIES).stream().map(d -> new DeliveryView(d.sink(), d.key(),
                d.transition(), d.status(), d.attempts(), d.lastError(), d.deliveredAt())).toList();
    }

    /** The alerts firing whose runbook is {@code page}, each with its firing's deliveries in words. */
    public List<PageAlert> forPage(String page) {
        List<AlertView> linked = active().stream().filter(a -> page.equals(a.runbookPage())).toList();
        if (linked.isEmpty()) {
            return List.of();
        }
        Map<String, String> types = alerts.sink().sinks().stream()
                .collect(Collectors.toMap(AlertSink.SinkView::name, AlertSink.SinkView::type, (a, b) -> a));
        List<Delivery> deliveries = alerts.sink().deliveries(100);
        return linked.stream().map(a -> new PageAlert(a, notified(a, deliveries, s -> s + (types.containsKey(s)
                ? " (" + types.get(s) + ")" : ""), types.isEmpty()))).toList();
    }

    /** {@code pager (pagerduty) notified 14:02 UTC; chat (slack) not delivered yet: HTTP 503}. */
    static String notified(AlertView alert, List<Delivery> deliveries, Function<String, String> sinkName,
                           boolean noSinks) {
        List<String> words = deliveries.stream()
                .filter(d -> d.key().equals(alert.key()) && "firing".equals(d.transition()))
                .map(d -> sinkName.apply(d.sink()) + " " + outcome(d)).toList();
        if (!words.isEmpty()) {
            return String.join("; ", words);
        }
        return noSinks ? "no alert sink is configured" : "not sent to any sink yet";
    }

    private static String outcome(Delivery d) {
        String error = d.lastError() == null ? "" : ": " + d.lastError();
        return switch (d.status()) {
            case "delivered" -> "notified" + (d.deliveredAt() == null ? "" : " " + TIME.format(d.deliveredAt()));
            case "dead" -> "not delivered, given up" + error;
            case "disabled" -> "not delivered, the sink is disabled" + error;
            default -> "not delivered yet" + error;
        };
    }
}
