package io.ferry.runbook.admin;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/**
 * The sign-in form of the admin pages. The admin token typed into it is compared in constant time
 * ({@link AdminToken}); on a match the browser gets a session cookie holding a random session id
 * ({@link AdminSessions}), never the token: HttpOnly, SameSite=Strict, Path=/admin, and Secure when the
 * request came over https. {@link AdminAccess} accepts that cookie on admin actions. Nothing here echoes
 * what was typed.
 */
@Path("/admin")
public class SignInResource {

    static final String WRONG_TOKEN = "That is not the admin token.";
    static final String FOREIGN = "This form was sent from another site's page; sign in from this server's own page.";

    private static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

    private final AdminToken token;
    private final AdminSessions sessions;
    private final OwnOrigin own;

    public SignInResource(AdminToken token, AdminSessions sessions, OwnOrigin own) {
        this.token = token;
        this.sessions = sessions;
        this.own = own;
    }

    @GET
    @Path("/sign-in")
    @Produces(MediaType.TEXT_HTML)
    public Response form(@CookieParam(AdminSessions.COOKIE) String session) {
        return page(Response.Status.OK, null, sessions.valid(session));
    }

    /** 303 to the dashboard with the session cookie; 401 and the form again for a wrong token. */
    @POST
    @Path("/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response signIn(@FormParam("token") String presented, @HeaderParam("Origin") String origin,
                           @HeaderParam("Referer") String referer, @Context UriInfo uri) {
        if (foreign(origin, referer, uri.getRequestUri())) {
            return page(Response.Status.FORBIDDEN, FOREIGN, false);
        }
        if (!token.matches(presented == null ? null : presented.strip())) {
            return page(Response.Status.UNAUTHORIZED, WRONG_TOKEN, false);
        }
        return Response.seeOther(URI.create("/admin/migrations"))
                .header(HttpHeaders.SET_COOKIE, cookie(sessions.open(), sessions.lifetime().toSeconds(), uri))
                .build();
    }

    /** Ends the session and clears the cookie; 303 to the form. */
    @POST
    @Path("/sign-out")
    @Produces(MediaType.TEXT_HTML)
    public Response signOut(@CookieParam(AdminSessions.COOKIE) String session, @HeaderParam("Origin") String origin,
                            @HeaderParam("Referer") String referer, @Context UriInfo uri) {
        if (foreign(origin, referer, uri.getRequestUri())) {
            return page(Response.Status.FORBIDDEN, FOREIGN, sessions.valid(session));
        }
        sessions.close(session);
        return Response.seeOther(URI.create("/admin/sign-in")).header(HttpHeaders.SET_COOKIE, cookie("", 0, uri))
                .build();
    }

    /** A browser names the page a form was sent from: refuse another site's (none named: a script, let it be). */
    private boolean foreign(String origin, String referer, URI requestUri) {
        return (origin != null || referer != null) && !own.fromThisServer(origin, referer, requestUri);
    }

    private Response page(Response.Status status, String error, boolean signedIn) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        Response.ResponseBuilder response = Response.status(status)
                .entity(AdminPages.signIn(error, signedIn).render()).type(HTML).cacheControl(noStore);
        if (status == Response.Status.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ferry\"");
        }
        return response.build();
    }

    /** The session cookie; {@code maxAge} 0 clears it. */
    private String cookie(String value, long maxAge, UriInfo uri) {
        // Over https as the browser sees it: the request's own scheme, or the public URL's behind a TLS proxy.
        boolean https = "https".equalsIgnoreCase(uri.getRequestUri().getScheme()) || own.publicOverHttps();
        return AdminSessions.COOKIE + "=" + value + "; Path=/admin; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict"
                + (https ? "; Secure" : "");
    }
}
