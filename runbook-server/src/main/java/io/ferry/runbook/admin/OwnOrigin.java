package io.ferry.runbook.admin;

import io.ferry.runbook.project.ServerProject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;

/**
 * Whether a browser's request comes from this server's own pages. The {@code Origin} (or, when a browser sent
 * none, the {@code Referer}) must name the host and port the request was sent to, scheme aside. Behind a
 * proxy that ends TLS or rewrites the host the browser names the proxy's address, which the server does not
 * see: an origin equal to the configured public URL's ({@code FERRY_PUBLIC_URL}: scheme, host and port) counts
 * as the server's own too. {@code Origin: null} (a sandboxed page) and anything malformed match nothing.
 */
@ApplicationScoped
public class OwnOrigin {

    private final URI publicUrl;

    @Inject
    public OwnOrigin(ServerProject project) {
        this(project.publicUrl());
    }

    OwnOrigin(Optional<String> publicUrl) {
        this.publicUrl = publicUrl.map(OwnOrigin::uriOrNull).orElse(null);
    }

    /** Whether a browser's request names this server as where it comes from: its Origin, else its Referer. */
    boolean fromThisServer(String origin, String referer, URI requestUri) {
        String from = origin != null ? origin : referer;
        return from != null && matches(from, requestUri);
    }

    /** The address the client used, or the public URL (whose scheme counts too: it names one). */
    boolean matches(String origin, URI requestUri) {
        if (sameOrigin(origin, requestUri)) {
            return true;
        }
        URI from = uriOrNull(origin);
        return publicUrl != null && from != null && sameOrigin(origin, publicUrl)
                && publicUrl.getScheme().equalsIgnoreCase(from.getScheme());
    }

    /** Whether people reach the server over https, so that its cookies must be {@code Secure}. */
    boolean publicOverHttps() {
        return publicUrl != null && "https".equalsIgnoreCase(publicUrl.getScheme());
    }

    /**
     * Host and port equal ({@code Origin: null}, sent by sandboxed pages, matches nothing); {@code origin} may
     * also be a whole URL, as a {@code Referer} is.
     */
    static boolean sameOrigin(String origin, URI requestUri) {
        URI o = uriOrNull(origin);
        return o != null && o.getHost().equalsIgnoreCase(requestUri.getHost()) && port(o) == port(requestUri);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static URI uriOrNull(String text) {
        try {
            URI uri = URI.create(text.strip());
            return uri.getScheme() == null || uri.getHost() == null ? null : uri;
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
