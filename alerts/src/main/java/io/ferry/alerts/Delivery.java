package io.ferry.alerts;

import java.time.Instant;

/**
 * One alert transition on its way to one sink, as the dashboard and {@code GET /api/alerts} show it.
 *
 * @param id            deterministic (sink, key, transition, recorded start): the same on every attempt and on every
 *                      replica; the {@code webhook-id} of webhook sinks
 * @param sink          the sink's name
 * @param key           the alert's key
 * @param transition    {@code firing}, {@code resolved} or {@code test}
 * @param status        {@code pending} (not delivered yet, retrying), {@code delivered}, {@code dead} (given up:
 *                      a 4xx, or the retries ran out) or {@code disabled} (the sink answered 410)
 * @param attempts      the attempts made
 * @param lastError     the last attempt's failure ({@code HTTP 503}, {@code connect timed out}), or null
 * @param createdAt     when it was spooled
 * @param nextAttemptAt when it is tried next, while pending
 * @param deliveredAt   when the sink accepted it
 */
public record Delivery(String id, String sink, String key, String transition, String status, int attempts,
                       String lastError, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt) {
}
