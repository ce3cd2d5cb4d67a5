package io.ferry.runbook;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** What this server is. The runbooks, live status and admin actions come with their issues. */
@Path("/api/about")
public class AboutResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> about() {
        String version = AboutResource.class.getPackage().getImplementationVersion();
        return Map.of("name", "ferry-runbook-server", "version", version == null ? "development" : version);
    }
}
