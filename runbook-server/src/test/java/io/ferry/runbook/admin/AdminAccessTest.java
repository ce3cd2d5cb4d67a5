package io.ferry.runbook.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runbook.admin.AdminAccess.Decision;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may do an admin action: the token, or a session from this server's own pages. */
class AdminAccessTest {

    private static final URI RETRY = URI.create("http://ferry.internal:8080/admin/migrations/retry");
    private static final String SELF = "http://ferry.internal:8080";

    private final AdminSessions sessions = new AdminSessions(Duration.ofHours(12));
    private final AdminAccess access = new AdminAccess(token("s3cret-token"), sessions, new OwnOrigin(Optional.empty()));

    @Test
    void theBearerTokenIsEnoughForAnApiClientThatNamesNoOrigin() {
        assertThat(access.decide("POST", "Bearer s3cret-token", null, null, null, RETRY)).isEqualTo(Decision.ALLOWED);
        assertThat(access.decide("POST", "bearer s3cret-token", null, SELF, null, RETRY)).isEqualTo(Decision.ALLOWED);
        assertThat(access.decide("POST", "Bearer s3cret-token", null, "http://evil.example", null, RETRY))
                .isEqualTo(Decision.FOREIGN_ORIGIN);
        assertThat(access.decide("POST", "Bearer s3cret-toke", null, null, null, RETRY))
                .isEqualTo(Decision.NO_VALID_TOKEN);
    }

    @Test
    void aSessionMustComeFromThisServersOriginOrReferer() {
        String id = sessions.open();
        assertThat(access.decide("POST", null, id, SELF, null, RETRY)).isEqualTo(Decision.ALLOWED);
        assertThat(access.decide("POST", null, id, null, SELF + "/admin/migrations", RETRY)).isEqualTo(Decision.ALLOWED);
        assertThat(access.decide("POST", null, id, "http://evil.example", SELF + "/admin/migrations", RETRY))
                .isEqualTo(Decision.FOREIGN_ORIGIN);
        assertThat(access.decide("POST", null, id, null, "http://evil.example/x", RETRY))
                .isEqualTo(Decision.FOREIGN_ORIGIN);
        assertThat(access.decide("POST", null, id, null, null, RETRY)).isEqualTo(Decision.FOREIGN_ORIGIN);
        assertThat(access.decide("POST", null, id, "null", null, RETRY)).isEqualTo(Decision.FOREIGN_ORIGIN);
        // Reading needs no origin.
        assertThat(access.decide("GET", null, id, null, null, RETRY)).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void behindAProxyASessionFromThePublicUrlsPageMayRetry() {
        URI seen = URI.create("http://10.0.0.7:8080/admin/migrations/retry");
        AdminAccess proxied = new AdminAccess(token("s3cret-token"), sessions,
                new OwnOrigin(Optional.of("https://ferry.example.com")));
        String id = sessions.open();
        assertThat(proxied.decide("POST", null, id, "https://ferry.example.com", null, seen)).isEqualTo(Decision.ALLOWED);
        assertThat(proxied.decide("POST", "Bearer s3cret-token", null, "https://ferry.example.com", null, seen))
                .isEqualTo(Decision.ALLOWED);
        assertThat(proxied.decide("POST", null, id, "https://evil.example.com", null, seen))
                .isEqualTo(Decision.FOREIGN_ORIGIN);
        assertThat(access.decide("POST", null, id, "https://ferry.example.com", null, seen))
                .isEqualTo(Decision.FOREIGN_ORIGIN);
    }

    @Test
    void anUnknownEndedOrExpiredSessionIsNoSession() {
        assertThat(access.decide("POST", null, "guessed", SELF, null, RETRY)).isEqualTo(Decision.NO_VALID_TOKEN);
        assertThat(access.decide("POST", null, "s3cret-token", SELF, null, RETRY)).isEqualTo(Decision.NO_VALID_TOKEN);

        String ended = sessions.open();
        sessions.close(ended);
        assertThat(access.decide("POST", null, ended, SELF, null, RETRY)).isEqualTo(Decision.NO_VALID_TOKEN);

        MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
        AdminSessions expiring = new AdminSessions(Duration.ofHours(12), clock);
        String id = expiring.open();
        clock.now = clock.now.plus(Duration.ofHours(12)).minusSeconds(1);
        assertThat(expiring.valid(id)).isTrue();
        clock.now = clock.now.plusSeconds(1);
        assertThat(expiring.valid(id)).isFalse();
    }

    @Test
    void sessionIdsAreRandomAndUnrelatedToTheToken() {
        String a = sessions.open();
        String b = sessions.open();
        assertThat(a).isNotEqualTo(b).hasSize(43).doesNotContain("s3cret");
    }

    private static AdminToken token(String value) {
        AdminToken token = new AdminToken(Optional.of(value), null);
        token.resolve();
        return token;
    }

    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
