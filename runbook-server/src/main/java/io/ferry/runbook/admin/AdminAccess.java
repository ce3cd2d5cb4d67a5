package io.ferry.runbook.admin;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place that decides whether a request may do an admin action ({@link AdminOnly}). It must carry
 * either the admin token ({@code Authorization: Bearer <token>}, for API clients) or the session cookie of
 * the sign-in form ({@link AdminSessions}). A state-changing request must also come from this server's own
 * origin (scheme aside: host and port): with the token, when it names an {@code Origin}; with the cookie,
 * always, judged by {@code Origin} or, when a browser sent none, by {@code Referer}, and refused when it
 * carries neither. With the cookie's {@code SameSite=Strict} this is what stops other sites from posting
 * with a signed-in browser, so the forms need no CSRF token. What counts as the server's own origin is
 * {@link OwnOrigin}'s to say. Answers 401 without a valid token or session,
 * 403 for a foreign origin; never echoes what was sent.
 */
@Provider
@AdminOnly
public class AdminAccess implements ContainerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String BEARER = "bearer ";

    private final AdminToken token;
    private final AdminSessions sessions;
    private final OwnOrigin own;

    public AdminAccess(AdminToken token, AdminSessions sessions, OwnOrigin own) {
        this.token = token;
        this.sessions = sessions;
        this.own = own;
    }

    /** What the checks found. */
    public enum Decision { ALLOWED, NO_VALID_TOKEN, FOREIGN_ORIGIN }

    @Override
    public void filter(ContainerRequestContext request) {
        Cookie session = request.getCookies().get(AdminSessions.COOKIE);
        Decision decision = decide(request.getMethod(), request.getHeaderString(HttpHeaders.AUTHORIZATION),
                session == null ? null : session.getValue(), request.getHeaderString("Origin"),
                request.getHeaderString("Referer"), request.getUriInfo().getRequestUri());
        switch (decision) {
            case ALLOWED -> {
            }
            case NO_VALID_TOKEN -> request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ferry\"").type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "unauthorized", "message", "sign in at /admin/sign-in, or send the admin"
                            + " token as 'Authorization: Bearer <token>' (FERRY_ADMIN_TOKEN, or the file "
                            + AdminToken.FILE + " the server wrote)"))
                    .build());
            case FOREIGN_ORIGIN -> request.abortWith(Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "forbidden", "message", "the request does not come from this server's"
                            + " own pages (its Origin, or Referer, is another site's or missing)"))
                    .build());
        }
    }

    /**
     * The decision for one request: {@code session} is the session cookie's value, {@code requestUri} carries
     * the host and port the client addressed.
     */
    Decision decide(String method, String authorization, String session, String origin, String referer,
                    URI requestUri) {
        boolean changes = !SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT));
        if (token.matches(bearer(authorization))) {
            return changes && origin != null && !own.matches(origin, requestUri) ? Decision.FOREIGN_ORIGIN
                    : Decision.ALLOWED;
        }
        if (sessions.valid(session)) {
            return changes && !own.fromThisServer(origin, referer, requestUri) ? Decision.FOREIGN_ORIGIN
                    : Decision.ALLOWED;
        }
        return Decision.NO_VALID_TOKEN;
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).strip();
    }
}
