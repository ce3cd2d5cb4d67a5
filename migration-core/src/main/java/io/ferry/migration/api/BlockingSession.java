package io.ferry.migration.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A session that stood in the way of a revision's statement (it held a lock the statement waited for, or
 * took part in a deadlock with it), as {@code pg_stat_activity} showed it at the time.
 *
 * @param pid             the backend's process id ({@code pg_terminate_backend(pid)} ends it)
 * @param applicationName the session's {@code application_name}, empty when it set none
 * @param user            the database user
 * @param state           {@code active}, {@code idle in transaction}, ...; empty when the user Ferry runs as
 *                        may not see it (another user's session, without {@code pg_read_all_stats})
 * @param inState         how long it had been in that state
 * @param transactionAge  how long its transaction had been open; empty outside a transaction
 * @param queryStart      when its latest query started
 */
public record BlockingSession(int pid, String applicationName, String user, Optional<String> state,
                              Optional<Duration> inState, Optional<Duration> transactionAge,
                              Optional<Instant> queryStart) {

    /**
     * For messages: {@code pid 48213 (app, user web, idle in transaction for 14 min)}, with the age of its
     * transaction when that is much older than its state.
     */
    public String describe() {
        String what = state.map(s -> s + inState.map(d -> " for " + age(d)).orElse(""))
                .orElse("state not visible to this user");
        String transaction = transactionAge
                .filter(t -> inState.map(d -> t.minus(d).compareTo(Duration.ofSeconds(1)) > 0).orElse(true))
                .map(t -> ", transaction open for " + age(t)).orElse("");
        return "pid " + pid + " (" + (applicationName.isEmpty() ? "no application_name" : applicationName)
                + ", user " + user + ", " + what + transaction + ")";
    }

    /** The statement that ends the session, rolling its transaction back and releasing its locks. */
    public String terminateSql() {
        return "SELECT pg_terminate_backend(" + pid + ")";
    }

    /** Several sessions for a message: "pid 1 (...)", "pids 1 (...) and 2 (...)". */
    public static String describe(List<BlockingSession> sessions) {
        String each = sessions.stream().map(s -> s.describe().substring("pid ".length()))
                .collect(Collectors.joining(", "));
        return (sessions.size() == 1 ? "pid " : "pids ") + each;
    }

    /** The statements that end every one of these sessions, joined for a hint. */
    public static String terminateSql(List<BlockingSession> sessions) {
        return sessions.stream().map(BlockingSession::terminateSql).collect(Collectors.joining("; "));
    }

    /** A rough age for people: {@code 850ms}, {@code 12s}, {@code 14 min}, {@code 3 h 5 min}. */
    static String age(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 1) {
            return Math.max(0, d.toMillis()) + "ms";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        return String.format(Locale.ROOT, "%d h %d min", minutes / 60, minutes % 60);
    }
}
