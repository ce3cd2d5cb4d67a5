package io.ferry.runbook.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sign-in form's sessions, kept in this process's memory: a session id is 32 random bytes, unrelated to
 * the admin token, and lasts {@code ferry.admin-session} (default 12 h) from sign-in, or until sign-out or a
 * restart. Only a digest of each id is stored, so the map's lookups say nothing about the ids themselves.
 */
@ApplicationScoped
public class AdminSessions {

    /** The cookie that carries the session id. */
    public static final String COOKIE = "ferry_admin_session";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final Clock clock;

    @Inject
    public AdminSessions(@ConfigProperty(name = "ferry.admin-session", defaultValue = "12h") Duration lifetime) {
        this(lifetime, Clock.systemUTC());
    }

    AdminSessions(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** How long a session lasts. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Opens a session and returns its id, for the cookie. */
    public String open() {
        Instant now = clock.instant();
        expiries.values().removeIf(expiry -> !expiry.isAfter(now));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(digest(id), now.plus(lifetime));
        return id;
    }

    /** Whether {@code id} names an open session that has not expired. */
    public boolean valid(String id) {
        if (id == null || id.isEmpty()) {
            return false;
        }
        String key = digest(id);
        Instant expiry = expiries.get(key);
        if (expiry == null) {
            return false;
        }
        if (!expiry.isAfter(clock.instant())) {
            expiries.remove(key, expiry);
            return false;
        }
        return true;
    }

    /** Ends the session {@code id}, if it is one. */
    public void close(String id) {
        if (id != null && !id.isEmpty()) {
            expiries.remove(digest(id));
        }
    }

    private static String digest(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
