package io.ferry.alerts;

/**
 * One of the alert rules the runbook server evaluates, as {@code ferry alerts list} and the docs describe it.
 *
 * @param name         the rule, also the first part of its alerts' keys ({@code migration-failed})
 * @param severity     the severity of its alerts
 * @param threshold    how long or how often the condition must hold before it fires ({@code 15min}), or null
 *                     when it fires at once
 * @param key          the shape of its alerts' keys ({@code migration-failed:<revision>})
 * @param firesWhen    the condition, in a few words
 * @param resolvesWhen what ends it, in a few words
 */
public record RuleInfo(String name, Severity severity, String threshold, String key, String firesWhen,
                       String resolvesWhen) {
}
