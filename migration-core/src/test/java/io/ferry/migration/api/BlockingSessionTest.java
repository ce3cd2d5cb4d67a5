package io.ferry.migration.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlockingSessionTest {

    private static BlockingSession session(int pid, String app, String state, Duration inState, Duration tx) {
        return new BlockingSession(pid, app, "web", Optional.ofNullable(state), Optional.ofNullable(inState),
                Optional.ofNullable(tx), Optional.empty());
    }

    @Test
    void describesStateAgeAndAnOlderTransaction() {
        assertThat(session(48213, "app", "idle in transaction", Duration.ofMinutes(14), Duration.ofMinutes(14))
                .describe()).isEqualTo("pid 48213 (app, user web, idle in transaction for 14 min)");
        assertThat(session(7, "", "active", Duration.ofSeconds(3), Duration.ofMinutes(125)).describe())
                .isEqualTo("pid 7 (no application_name, user web, active for 3s, transaction open for 2 h 5 min)");
        assertThat(session(8, "app", null, null, null).describe())
                .isEqualTo("pid 8 (app, user web, state not visible to this user)");
    }

    @Test
    void severalSessionsAndTheirTermination() {
        List<BlockingSession> two = List.of(session(1, "a", "idle", Duration.ofMillis(20), null),
                session(2, "b", "active", Duration.ofSeconds(61), null));
        assertThat(BlockingSession.describe(two))
                .isEqualTo("pids 1 (a, user web, idle for 20ms), 2 (b, user web, active for 1 min)");
        assertThat(BlockingSession.terminateSql(two))
                .isEqualTo("SELECT pg_terminate_backend(1); SELECT pg_terminate_backend(2)");
    }
}
