package io.ferry.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;

/**
 * One delivery as the spool keeps it: what {@link Delivery} shows, plus the body rendered when it was spooled
 * and its place in the order of deliveries ({@code seq}).
 *
 * @param body      the payload; null in the record of delivered ones, which keeps no body
 * @param seq       the order in which deliveries were spooled; per sink and key they go out in this order
 * @param updatedAt when it last changed (spooled, attempted)
 */
record SpoolEntry(String id, String sink, String key, String transition, long seq, String body, String status,
                  int attempts, String lastError, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt,
                  Instant updatedAt) {

    /** Oldest change first. */
    static final Comparator<SpoolEntry> BY_UPDATE =
            Comparator.comparing(SpoolEntry::updatedAt, Comparator.nullsFirst(Comparator.naturalOrder()));

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String DEAD = "dead";
    static final String DISABLED = "disabled";

    /** A new delivery, first tried at {@code firstAttempt}. */
    static SpoolEntry pending(String id, String sink, String key, Transition transition, long seq, String body,
                              Instant now, Instant firstAttempt) {
        return new SpoolEntry(id, sink, key, transition.word(), seq, body, PENDING, 0, null, now, firstAttempt,
                null, now);
    }

    boolean firing() {
        return transition.equals(Transition.FIRING.word());
    }

    /** Failed {@code attempts} times so far, the last with {@code error}; tried again at {@code next}. */
    SpoolEntry retrying(int attempts, String error, Instant now, Instant next) {
        return new SpoolEntry(id, sink, key, transition, seq, body, PENDING, attempts, error, createdAt, next, null,
                now);
    }

    /** Accepted by the sink; the record keeps no body. */
    SpoolEntry delivered(int attempts, Instant now) {
        return new SpoolEntry(id, sink, key, transition, seq, null, DELIVERED, attempts, null, createdAt, null, now,
                now);
    }

    /** Given up ({@link #DEAD}) or not sent because its sink is disabled ({@link #DISABLED}). */
    SpoolEntry given(String status, int attempts, String error, Instant now) {
        return new SpoolEntry(id, sink, key, transition, seq, body, status, attempts, error, createdAt, null, null,
                now);
    }

    Delivery delivery() {
        return new Delivery(id, sink, key, transition, status, attempts, lastError, createdAt, nextAttemptAt,
                deliveredAt);
    }

    JsonNode toJson() {
        ObjectNode node = JsonValues.object();
        node.put("id", id);
        node.put("sink", sink);
        node.put("key", key);
        node.put("transition", transition);
        node.put("seq", seq);
        node.put("status", status);
        node.put("attempts", attempts);
        node.put("lastError", lastError);
        node.set("createdAt", JsonValues.time(createdAt));
        node.set("nextAttemptAt", JsonValues.time(nextAttemptAt));
        node.set("deliveredAt", JsonValues.time(deliveredAt));
        node.set("updatedAt", JsonValues.time(updatedAt));
        node.put("body", body);
        return node;
    }

    static SpoolEntry fromJson(JsonNode node) {
        return new SpoolEntry(text(node, "id"), text(node, "sink"), text(node, "key"), text(node, "transition"),
                node.path("seq").asLong(), text(node, "body"), text(node, "status"), node.path("attempts").asInt(),
                text(node, "lastError"), time(node, "createdAt"), time(node, "nextAttemptAt"),
                time(node, "deliveredAt"), time(node, "updatedAt"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant time(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Instant.parse(text);
    }
}
