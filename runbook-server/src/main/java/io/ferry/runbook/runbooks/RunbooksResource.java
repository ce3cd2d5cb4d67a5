package io.ferry.runbook.runbooks;

import io.ferry.runbook.snapshot.SnapshotRefresher;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * The runbook pages, rendered on the server: {@code GET /runbooks} (the index: {@code README.md}, then every
 * page by kind) and {@code GET /runbooks/{page}}, each with the live status panel beside it. An unknown page,
 * or a name that is not a page's ({@code ..}, a slash), answers 404. {@code /runbooks/running.md} redirects
 * to {@code /runbooks/running}, so the links the command line prints work with the {@code .md}. The status
 * panel follows the live status without a reload ({@link #statusPanel}).
 */
@Path("/runbooks")
@Produces(MediaType.TEXT_HTML)
public class RunbooksResource {

    @CheckedTemplate(basePath = "runbooks")
    static class Templates {
        static native TemplateInstance index(RunbookPage readme, List<Group> groups, List<String> missing,
                                             StatusPanel panel);

        static native TemplateInstance page(RunbookPage page, StatusPanel panel);

        static native TemplateInstance missing(String name, List<RunbookPage> pages, StatusPanel panel);

        static native TemplateInstance panel(StatusPanel panel);
    }

    /** A kind of page on the index, and its pages. */
    public record Group(String title, List<RunbookPage> pages) {
    }

    private final RunbookLibrary library;
    private final SnapshotRefresher snapshots;

    public RunbooksResource(RunbookLibrary library, SnapshotRefresher snapshots) {
        this.library = library;
        this.snapshots = snapshots;
    }

    @GET
    public TemplateInstance index() {
        List<RunbookPage> pages = library.pages();
        List<Group> groups = List.of(
                new Group("Procedures", ofKind(pages, "procedure")),
                new Group("Error codes", ofKind(pages, "error-codes")),
                new Group("Other pages", ofKind(pages, "other")));
        List<String> missing = library.folders().stream()
                .filter(f -> !Files.isDirectory(f.path()))
                .map(f -> f.origin() + " folder " + f.shownAs()).toList();
        return Templates.index(library.index().orElse(null), groups.stream().filter(g -> !g.pages().isEmpty()).toList(), missing,
                panel());
    }

    @GET
    @Path("{page}")
    public Response page(@PathParam("page") String name) {
        if (name.endsWith(".md")) {
            String base = name.substring(0, name.length() - 3);
            if (library.page(base).isPresent()) {
                return Response.status(Response.Status.MOVED_PERMANENTLY)
                        .location(URI.create(RunbookLinks.pageUrl(base))).build();
            }
        }
        Optional<RunbookPage> page = RunbookLinks.INDEX.equals(name) ? Optional.empty() : library.page(name);
        if (page.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.missing(name, library.pages(), panel())).build();
        }
        return Response.ok(Templates.page(page.get(), panel())).type(MediaType.TEXT_HTML_TYPE).build();
    }

    /**
     * The status panel alone, as the pages show it: {@code live.js} fetches it each time the status stream
     * says the snapshot changed and puts it in place of the page's, so the panel is never older than the
     * stream. Not a page name: {@code -} is no Markdown file's.
     */
    @GET
    @Path("-/panel")
    public TemplateInstance statusPanel() {
        return Templates.panel(panel());
    }

    private StatusPanel panel() {
        return StatusPanel.of(snapshots.current());
    }

    private static List<RunbookPage> ofKind(List<RunbookPage> pages, String kind) {
        return pages.stream().filter(p -> p.kind().equals(kind)).toList();
    }
}
