package io.ferry.runbook.runbooks;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /api/runbooks}: every page with its sections, each with its address, so that alerts, the
 * dashboard and other tools can link to a section that exists.
 */
@Path("/api/runbooks")
public class RunbooksApiResource {

    /** A page as listed. */
    public record PageEntry(String name, String title, String kind, String origin, String url,
                            List<SectionEntry> sections) {
    }

    /** A section as listed. */
    public record SectionEntry(String id, String title, int level, String url) {
    }

    private final RunbookLibrary library;

    public RunbooksApiResource(RunbookLibrary library) {
        this.library = library;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<PageEntry> pages() {
        return library.pages().stream().map(p -> new PageEntry(p.name(), p.title(), p.kind(), p.origin(), p.url(),
                p.sections().stream().map(s -> new SectionEntry(s.id(), s.title(), s.level(), s.url())).toList()))
                .toList();
    }
}
