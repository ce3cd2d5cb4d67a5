package io.ferry.runbook.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Origin a state-changing request may come from: this server's host and port, or its public URL. */
class OwnOriginTest {

    private static final URI REQUEST = URI.create("http://ferry.internal:8080/admin/migrations/retry");

    @Test
    void theServersOwnOriginMatches() {
        assertThat(OwnOrigin.sameOrigin("http://ferry.internal:8080", REQUEST)).isTrue();
        assertThat(OwnOrigin.sameOrigin("http://FERRY.internal:8080", REQUEST)).isTrue();
        assertThat(OwnOrigin.sameOrigin("https://ferry.internal", URI.create("https://ferry.internal/x"))).isTrue();
    }

    @Test
    void anyOtherOriginDoesNot() {
        assertThat(OwnOrigin.sameOrigin("http://ferry.internal:9090", REQUEST)).isFalse();
        assertThat(OwnOrigin.sameOrigin("http://evil.example:8080", REQUEST)).isFalse();
        assertThat(OwnOrigin.sameOrigin("http://ferry.internal", REQUEST)).isFalse();
        assertThat(OwnOrigin.sameOrigin("null", REQUEST)).isFalse();
        assertThat(OwnOrigin.sameOrigin("::not a uri", REQUEST)).isFalse();
    }

    @Test
    void behindAProxyThatEndsTlsThePublicUrlsOriginIsTheServersOwn() {
        // The proxy forwards https://ferry.example.com to http://10.0.0.7:8080: the browser names the former.
        URI seen = URI.create("http://10.0.0.7:8080/admin/migrations/retry");
        OwnOrigin proxied = new OwnOrigin(Optional.of("https://ferry.example.com"));
        assertThat(proxied.matches("https://ferry.example.com", seen)).isTrue();
        assertThat(proxied.fromThisServer(null, "https://ferry.example.com/admin/migrations", seen)).isTrue();
        assertThat(proxied.matches("http://10.0.0.7:8080", seen)).isTrue();
        // Another scheme, host or port than the public URL's is still foreign.
        assertThat(proxied.matches("http://ferry.example.com", seen)).isFalse();
        assertThat(proxied.matches("https://evil.example.com", seen)).isFalse();
        assertThat(proxied.matches("https://ferry.example.com:8443", seen)).isFalse();
        assertThat(proxied.fromThisServer(null, null, seen)).isFalse();
        // Without a public URL the proxy's address is foreign.
        assertThat(new OwnOrigin(Optional.empty()).matches("https://ferry.example.com", seen)).isFalse();
    }

    @Test
    void cookiesAreSecureWhenThePublicUrlIsHttps() {
        assertThat(new OwnOrigin(Optional.of("https://ferry.example.com")).publicOverHttps()).isTrue();
        assertThat(new OwnOrigin(Optional.of("http://ferry.internal:8080")).publicOverHttps()).isFalse();
        assertThat(new OwnOrigin(Optional.empty()).publicOverHttps()).isFalse();
    }
}
