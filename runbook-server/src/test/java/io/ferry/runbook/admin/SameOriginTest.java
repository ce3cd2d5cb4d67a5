package io.ferry.runbook.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The Origin a state-changing request may come from: this server's host and port. */
class SameOriginTest {

    private static final URI REQUEST = URI.create("http://ferry.internal:8080/admin/migrations/retry");

    @Test
    void theServersOwnOriginMatches() {
        assertThat(AdminAccess.sameOrigin("http://ferry.internal:8080", REQUEST)).isTrue();
        assertThat(AdminAccess.sameOrigin("http://FERRY.internal:8080", REQUEST)).isTrue();
        assertThat(AdminAccess.sameOrigin("https://ferry.internal", URI.create("https://ferry.internal/x"))).isTrue();
    }

    @Test
    void anyOtherOriginDoesNot() {
        assertThat(AdminAccess.sameOrigin("http://ferry.internal:9090", REQUEST)).isFalse();
        assertThat(AdminAccess.sameOrigin("http://evil.example:8080", REQUEST)).isFalse();
        assertThat(AdminAccess.sameOrigin("http://ferry.internal", REQUEST)).isFalse();
        assertThat(AdminAccess.sameOrigin("null", REQUEST)).isFalse();
        assertThat(AdminAccess.sameOrigin("::not a uri", REQUEST)).isFalse();
    }
}
