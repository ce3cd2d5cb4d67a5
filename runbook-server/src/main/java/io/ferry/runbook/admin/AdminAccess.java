package io.ferry.runbook.admin;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place that decides whether a request may do an admin action ({@link AdminOnly}): it must carry
 * the admin token ({@code Authorization: Bearer <token>}; the sign-in form's session cookie is to be
 * accepted here too), and a state-changing request that names its {@code Origin} must come from this
 * server's own origin (host and port), which stops other sites from posting with a signed-in browser.
 * Answers 401 without a valid token, 403 for a foreign origin; never echoes what was sent.
 */
@Provider
@AdminOnly
public class AdminAccess implements ContainerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String BEARER = "bearer ";

    private final AdminToken token;

    public AdminAccess(AdminToken token) {
        this.token = token;
    }

    /** What the checks found. */
    public enum Decision { ALLOWED, NO_VALID_TOKEN, FOREIGN_ORIGIN }

    @Override
    public void filter(ContainerRequestContext request) {
        Decision decision = decide(request.getMethod(), request.getHeaderString(HttpHeaders.AUTHORIZATION),
                request.getHeaderString("Origin"), request.getUriInfo().getRequestUri());
        switch (decision) {
            case ALLOWED -> {
            }
            case NO_VALID_TOKEN -> request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ferry\"").type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "unauthorized", "message", "send the admin token as 'Authorization: Bearer"
                            + " <token>' (FERRY_ADMIN_TOKEN, or the file " + AdminToken.FILE + " the server wrote)"))
                    .build());
            case FOREIGN_ORIGIN -> request.abortWith(Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "forbidden", "message", "the request's Origin is not this server's"))
                    .build());
        }
    }

    /** The decision for one request; {@code requestUri} carries the host and port the client addressed. */
    Decision decide(String method, String authorization, String origin, URI requestUri) {
        if (!token.matches(bearer(authorization))) {
            return Decision.NO_VALID_TOKEN;
        }
        if (origin != null && !SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))
                && !sameOrigin(origin, requestUri)) {
            return Decision.FOREIGN_ORIGIN;
        }
        return Decision.ALLOWED;
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).strip();
    }

    /** Host and port equal ({@code Origin: null}, sent by sandboxed pages, matches nothing). */
    static boolean sameOrigin(String origin, URI requestUri) {
        try {
            URI o = URI.create(origin.strip());
            return o.getHost() != null && o.getHost().equalsIgnoreCase(requestUri.getHost())
                    && port(o) == port(requestUri);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
