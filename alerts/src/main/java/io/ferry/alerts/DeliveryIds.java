package io.ferry.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Delivery ids that every replica computes alike: {@code msg_} and 32 hex digits of the SHA-256 of the sink,
 * the alert's key, the transition, the alert's start (unless it is only when this server first saw the
 * condition, {@link Alert#startObserved}) and, from the second on, its occurrence (the times it
 * fired again after a resolve). Two runbook servers raising the same alert give its deliveries the same ids, so
 * receivers that deduplicate on {@code webhook-id} see one; an alert firing again after its resolve, even with
 * the same start, is a new delivery.
 */
final class DeliveryIds {

    private DeliveryIds() {
    }

    static String of(String sink, String key, Transition transition, Instant startsAt) {
        return of(sink, key, transition, startsAt, 0);
    }

    /** The id of a transition of the alert's {@code occurrence}; the first (0) has the id {@link #of} gives. */
    static String of(String sink, String key, Transition transition, Instant startsAt, int occurrence) {
        return "msg_" + (occurrence == 0 ? digest(sink, key, transition.word(), String.valueOf(startsAt))
                : digest(sink, key, transition.word(), String.valueOf(startsAt), "occurrence " + occurrence));
    }

    /**
     * The id of a transition of the alert's {@code occurrence}, from its start only when the start is a recorded
     * fact: one that this server merely observed ({@link Alert#startObserved}) would differ between replicas.
     */
    static String of(String sink, Alert alert, Transition transition, int occurrence) {
        return of(sink, alert.key(), transition, alert.startObserved() ? null : alert.startsAt(), occurrence);
    }

    /** 32 hex digits of the SHA-256 of the parts, each ended by a NUL so that no two lists run together. */
    static String digest(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
