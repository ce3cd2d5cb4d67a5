package io.ferry.runbook.runbooks;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * One runbook page, rendered: {@code docs/runbooks/<name>.md}, or the project's page of the same name,
 * which replaces it.
 *
 * @param name     the file's name without {@code .md}; the page is served at {@code /runbooks/<name>}
 * @param title    the page's first level-1 heading (its name when it has none)
 * @param kind     {@code procedure}, {@code error-codes} or {@code other}, from the title
 * @param origin   {@code built-in} or {@code project}
 * @param source   where the Markdown is, as people know it ({@code docs/runbooks/running.md})
 * @param html     the page's body as HTML: raw HTML of the Markdown escaped, links rewritten
 * @param sections its level-2 and level-3 headings, in order, each with its anchor
 * @param checks   the names of the live checks its steps embed, in order
 */
@TemplateData
public record RunbookPage(String name, String title, String kind, String origin, String source, String html,
                          List<Section> sections, List<String> checks) {

    public RunbookPage {
        sections = List.copyOf(sections);
        checks = List.copyOf(checks);
    }

    /** Where the page is served. */
    public String url() {
        return RunbookLinks.pageUrl(name);
    }

    /** True for a page of the project's folder (new, or replacing a built-in page). */
    public boolean fromProject() {
        return "project".equals(origin);
    }

    /**
     * A heading of the page.
     *
     * @param id    its anchor: for an error code's section, the code itself ({@code migration-failed})
     * @param title its text
     * @param level 2 or 3
     * @param url   {@code /runbooks/<page>#<id>}
     */
    @TemplateData
    public record Section(String id, String title, int level, String url) {
    }
}
