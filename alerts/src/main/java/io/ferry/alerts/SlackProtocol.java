package io.ferry.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** A Slack incoming webhook: {@code {"text": ...}}, one short line with the severity, summary and runbook link. */
final class SlackProtocol implements Protocol {

    @Override
    public String render(SinkSettings sink, Alert alert, Transition transition, String publicUrl) {
        String label = switch (transition) {
            case FIRING -> alert.severity().word().toUpperCase(Locale.ROOT);
            case RESOLVED -> "RESOLVED";
            case TEST -> "TEST";
        };
        StringBuilder text = new StringBuilder("*[").append(label).append("]* ");
        if (transition == Transition.TEST) {
            text.append("This is a test alert from Ferry for sink ").append(escape(sink.name())).append(": ");
        }
        text.append(escape(alert.summary())).append(" (`").append(escape(alert.key())).append("`)");
        if (alert.runbook() != null) {
            text.append(" <").append(alert.runbook()).append("|runbook>");
        }
        ObjectNode body = JsonValues.object();
        body.put("text", text.toString());
        return JsonValues.write(body);
    }

    /** Slack's three characters that must be escaped in message text. */
    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
