package io.ferry.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Delivery ids that every replica computes alike: {@code msg_} and 32 hex digits of the SHA-256 of the sink,
 * the alert's key, the transition and the alert's start. Two runbook servers raising the same alert give its
 * deliveries the same ids, so receivers that deduplicate on {@code webhook-id} see one.
 */
final class DeliveryIds {

    private DeliveryIds() {
    }

    static String of(String sink, String key, Transition transition, Instant startsAt) {
        return "msg_" + digest(sink, key, transition.word(), String.valueOf(startsAt));
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
