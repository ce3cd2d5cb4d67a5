package io.ferry.migration.api;

import java.time.Instant;
import java.util.Optional;

/**
 * The session holding the migration lock, as {@code pg_stat_activity} shows it.
 *
 * @param pid             the backend's process id ({@code pg_terminate_backend(pid)} ends it)
 * @param applicationName the session's {@code application_name}
 * @param user            the database user
 * @param clientAddress   where it connects from, empty for a Unix socket
 * @param since           when the session started
 * @param state           {@code active}, {@code idle}, ...
 */
public record LockHolder(int pid, String applicationName, String user, Optional<String> clientAddress,
                         Instant since, String state) {

    /** For messages: {@code pid 4242 (ferry, user app from 10.0.0.7, connected since ...)}. */
    public String describe() {
        return "pid " + pid + " (" + (applicationName.isEmpty() ? "no application_name" : applicationName)
                + ", user " + user + clientAddress.map(a -> " from " + a).orElse("") + ", connected since "
                + since + ", " + state + ")";
    }
}
