package io.ferry.alerts;

import java.util.Locale;

/** What a delivery tells a sink: the alert began, it ended, or it is a test. */
enum Transition {
    FIRING, RESOLVED, TEST;

    /** The word stored in the spool and shown in {@link Delivery#transition()}. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transition an alert stands for: firing while it has no end. */
    static Transition of(Alert alert) {
        return alert.firing() ? FIRING : RESOLVED;
    }
}
