package io.ferry.runbook.runbooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.backfill.BackfillErrorCode;
import io.ferry.migration.api.ErrorCode;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.testing.Await;
import io.ferry.runbook.testing.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runbook pages, on a server whose start-up migration failed: the repository's docs/runbooks, plus a
 * project folder ({@code ferry.runbooks.dir}) that adds a page and replaces another.
 */
@QuarkusTest
@TestProfile(Profiles.RunbookPages.class)
class RunbookPagesTest {

    private static final Pattern HREF = Pattern.compile("href=\"(/runbooks[^\"]*)\"");
    private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]+)\"");

    @ConfigProperty(name = "ferry.project-dir")
    Path projectDir;

    /**
     * The project's own pages: one new, one replacing the built-in rollback procedure (keeping the sections of the
     * error codes whose runbook it is, as a replacement must).
     */
    @BeforeEach
    void projectPages() throws IOException {
        Path folder = Files.createDirectories(projectDir.resolve("runbooks"));
        write(folder.resolve("our-failover.md"), """
                # Procedure: failing over our primary

                ## Steps

                1. Check the database.

                   ```ferry-check database
                   Reachable, and how fast. CLI: ferry status
                   ```

                2. Then follow [the rollback](rollback.md#steps) and the [running codes](running.md#lock-lost).

                ## Careful

                <script>alert("pwned")</script>

                <b onclick="steal()">bold</b> and [a trap](javascript:alert(1)) and ![a chart](https://example.com/chart.png)
                """);
        write(folder.resolve("rollback.md"), """
                # Procedure: our own rollback

                ## Steps

                Call the database team first.

                ## downgrade-loses-data

                Save the data the message lists, then ask the database team.

                ## upgrade-loses-data

                Ask the revision's author.
                """);
    }

    @Test
    void theIndexListsEveryPageWithItsTitle() {
        String html = html("/runbooks", 200);
        assertThat(html).contains("Two kinds of pages live here") // docs/runbooks/README.md
                .contains("<a href=\"/runbooks/running\">Runbook: running migrations</a>")
                .contains("<a href=\"/runbooks/stuck-migration\">Procedure: a migration seems stuck</a>")
                .contains("<a href=\"/runbooks/our-failover\">Procedure: failing over our primary</a>")
                .contains("<a href=\"/runbooks/startup-migration-failed\">");
        for (String page : builtInPages()) {
            if (!page.equals("README")) {
                assertThat(html).as("the index links " + page).contains("href=\"/runbooks/" + page + "\"");
            }
        }
        assertThat(html).contains("<header class=\"site\">", "href=\"/admin/migrations\"", "href=\"/health\"",
                "href=\"/ferry.css\"", "data-panel=\"status\"");
    }

    @Test
    void theStatusPanelAloneIsWhatThePagesShowBesideTheirText() throws Exception {
        Await.until("the start-up has failed", () -> "failed".equals(
                given().accept("application/json").get("/admin/migrations").then().extract().path("state")));
        String panel = html("/runbooks/-/panel", 200);
        assertThat(panel).startsWith("<aside class=\"panel\" data-panel=\"status\"")
                .contains("Live status", "data-field=\"migrations\">failed", "data-live-connection")
                .doesNotContain("<html", "<nav");
        String page = html("/runbooks/running", 200);
        assertThat(page).contains(panel.substring(0, panel.indexOf("<p class=\"as-of\">")));
    }

    @Test
    void anErrorCodesSectionHasTheCodeAsItsAnchor() {
        String html = html("/runbooks/running", 200);
        assertThat(html).contains("<h2 id=\"migration-failed\">migration-failed");
        assertThat(ids(html)).contains("migration-failed", "lock-not-acquired", "connection-lost");
        assertThat(html("/runbooks/database", 200)).contains("<h2 id=\"lock-timeout\">lock-timeout");
    }

    @Test
    void theLastFailuresRunbookLinkAnswersAndLandsOnItsSection() throws Exception {
        String[] runbook = new String[1];
        Await.until("/admin/migrations shows the failed start-up", () -> {
            JsonPath body = given().accept("application/json").get("/admin/migrations").then().extract().jsonPath();
            runbook[0] = body.getString("lastFailure.runbook");
            return "failed".equals(body.getString("state")) && runbook[0] != null;
        });
        assertThat(runbook[0]).isEqualTo("/runbooks/running#migration-failed");
        String path = runbook[0].substring(0, runbook[0].indexOf('#'));
        String anchor = runbook[0].substring(runbook[0].indexOf('#') + 1);
        String html = html(path, 200);
        assertThat(ids(html)).contains(anchor);

        // The status panel beside it says the same, rendered on the server.
        String panel = panel(html);
        assertThat(panel).contains("<span class=\"state warn\" data-field=\"status\">degraded</span>")
                .contains("<span class=\"state ok\" data-field=\"database\">ok</span>")
                .contains("<span class=\"state bad\" data-field=\"migrations\">failed</span>")
                .contains("1 pending")
                .contains("<a href=\"/runbooks/running#migration-failed\"><code>migration-failed</code></a>")
                .contains("revision <code>r2</code>")
                .contains("relation &quot;acounts&quot; does not exist");
        assertThat(between(panel, "data-field=\"current\"", "</dd>")).contains("<code>r1</code>");
        assertThat(between(panel, "data-field=\"heads\"", "</dd>")).contains("<code>r2</code>");
    }

    @Test
    void linksBetweenPagesAreRewrittenAndLinksOutOfTheFolderBecomeText() {
        String running = html("/runbooks/running", 200);
        assertThat(running).contains("href=\"/runbooks/stuck-migration\"")
                .contains("href=\"/runbooks/connections#connection-refused\"")
                .contains("href=\"/runbooks\"") // README.md is the index
                .doesNotContain("href=\"connections.md", "href=\"stuck-migration.md", "href=\"README.md");

        String configuration = html("/runbooks/configuration", 200);
        assertThat(configuration).doesNotContain("href=\"../cli.md")
                .contains("<code>docs/cli.md#the-project-file-ferryyaml</code>");

        assertThat(html("/runbooks/our-failover", 200)).contains("href=\"/runbooks/rollback#steps\"",
                "href=\"/runbooks/running#lock-lost\"");
    }

    @Test
    void everyLinkBetweenRunbooksLandsOnAPageAndSectionThatExist() {
        Map<String, Set<String>> anchors = new HashMap<>();
        List<String> pages = new ArrayList<>(builtInPages());
        pages.remove("README");
        Map<String, String> htmlOf = new HashMap<>();
        htmlOf.put("/runbooks", html("/runbooks", 200));
        for (String page : pages) {
            htmlOf.put("/runbooks/" + page, html("/runbooks/" + page, 200));
        }
        htmlOf.forEach((url, html) -> anchors.put(url, ids(html)));
        List<String> broken = new ArrayList<>();
        htmlOf.forEach((url, html) -> {
            Matcher m = HREF.matcher(html);
            while (m.find()) {
                String target = m.group(1);
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                if (path.equals("/runbooks/our-failover")) {
                    continue; // the project's page, listed on the index
                }
                Set<String> ids = anchors.get(path);
                if (ids == null || (anchor != null && !ids.contains(anchor))) {
                    broken.add(url + " -> " + target);
                }
            }
        });
        assertThat(broken).as("links to a page or section that does not exist").isEmpty();
    }

    @Test
    void aFerryCheckBlockBecomesTheLiveChecksPlaceholder() {
        String html = html("/runbooks/stuck-migration", 200);
        assertThat(html).contains("<section class=\"check\" data-check=\"migration-lock\">")
                .doesNotContain("language-ferry-check");
        String check = between(html, "data-check=\"migration-lock\"", "</section>");
        assertThat(check).contains("<p class=\"check-fallback\">");
        assertThat(between(check, "<p class=\"check-fallback\">", "</p>")).isNotBlank();

        assertThat(html("/runbooks/our-failover", 200))
                .contains("<section class=\"check\" data-check=\"database\">")
                .contains("<p class=\"check-fallback\">Reachable, and how fast. CLI: ferry status</p>");
    }

    @Test
    void theApiListsPagesWithTheirSections() {
        JsonPath json = given().get("/api/runbooks").then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
        assertThat(json.getList("name", String.class)).contains("running", "stuck-migration", "our-failover")
                .doesNotContain("README");
        Map<String, Object> running = json.getMap("find { it.name == 'running' }");
        assertThat(running).containsEntry("title", "Runbook: running migrations")
                .containsEntry("url", "/runbooks/running").containsEntry("origin", "built-in");
        List<Map<String, Object>> sections = json.getList("find { it.name == 'running' }.sections");
        assertThat(sections).anySatisfy(s -> assertThat(s).containsEntry("id", "migration-failed")
                .containsEntry("title", "migration-failed").containsEntry("url", "/runbooks/running#migration-failed"));
        assertThat(json.getString("find { it.name == 'rollback' }.origin")).isEqualTo("project");
    }

    @Test
    void anUnknownPageIs404AndAPathIsNoPageName() {
        assertThat(html("/runbooks/no-such-page", 404)).contains("No runbook named <code>no-such-page</code>")
                .contains("href=\"/runbooks/running\"");
        for (String path : List.of("/runbooks/..%2F..%2Fpom.xml", "/runbooks/%2E%2E", "/runbooks/..%2Frunbooks%2Frunning",
                "/runbooks/running%2F", "/runbooks/README")) {
            Response response = given().urlEncodingEnabled(false).redirects().follow(false).get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.asString()).as(path).doesNotContain("<modelVersion>", "migration-failed</h2>");
        }
        given().redirects().follow(false).get("/runbooks/running.md").then().statusCode(301)
                .header("Location", org.hamcrest.Matchers.endsWith("/runbooks/running"));
    }

    @Test
    void aProjectPageReplacesTheBuiltInOneAndAddsItsOwn() {
        String rollback = html("/runbooks/rollback", 200);
        assertThat(rollback).contains("<h1 id=\"procedure-our-own-rollback\">Procedure: our own rollback</h1>")
                .contains("Call the database team first.").contains("this project's own page")
                .doesNotContain("ferry downgrade");
        assertThat(html("/runbooks", 200)).contains("<a href=\"/runbooks/our-failover\">");
    }

    @Test
    void rawHtmlInTheMarkdownIsShownAsTextAndNothingLoadsFromOutside() {
        String html = html("/runbooks/our-failover", 200);
        assertThat(html).doesNotContain("<script>alert", "<b onclick", "javascript:", "<img")
                .contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;")
                .contains("&lt;b onclick=&quot;steal()&quot;&gt;bold&lt;/b&gt;")
                .contains("href=\"https://example.com/chart.png\">a chart</a>");
        // The page loads nothing but the server's own stylesheet.
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//[^\"]*\\.(css|js)");
    }

    @Test
    void everyErrorCodesSectionIsServedWhereTheCodeSaysItIs() {
        Map<String, Set<String>> anchors = new HashMap<>();
        List<String> missing = new ArrayList<>();
        List<ErrorCode> codes = new ArrayList<>(List.of(MigrationErrorCode.values()));
        codes.addAll(List.of(BackfillErrorCode.values()));
        for (ErrorCode code : codes) {
            String url = code.runbookUrl("");
            String path = url.substring(0, url.indexOf('#'));
            Set<String> ids = anchors.computeIfAbsent(path, p -> {
                Response response = given().get(p);
                return response.statusCode() == 200 ? h2Ids(response.asString()) : Set.of();
            });
            if (!ids.contains(code.id())) {
                missing.add(code.id() + " at " + url);
            }
        }
        assertThat(missing).as("error codes whose section is not served").isEmpty();
        assertThat(anchors.keySet()).contains("/runbooks/running", "/runbooks/backfills");
    }

    @Test
    void aRenderedPageIsSavedForPeopleToLookAt() throws IOException {
        Path out = Files.createDirectories(Path.of("target", "runbook-pages"));
        for (String page : List.of("running", "stuck-migration")) {
            Files.writeString(out.resolve(page + ".html"), html("/runbooks/" + page, 200), StandardCharsets.UTF_8);
        }
        Files.writeString(out.resolve("index.html"), html("/runbooks", 200), StandardCharsets.UTF_8);
        String css = given().get("/ferry.css").then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("text/css"))
                .extract().asString();
        assertThat(css).contains(".state.ok", ".state.bad", ".panel", "pre {").doesNotContain("@import", "url(");
        Files.writeString(out.resolve("ferry.css"), css, StandardCharsets.UTF_8);
    }

    private static String html(String path, int status) {
        return given().accept("text/html").get(path).then().statusCode(status)
                .contentType(org.hamcrest.Matchers.containsString("text/html")).extract().asString();
    }

    private static Set<String> ids(String html) {
        Set<String> ids = new HashSet<>();
        Matcher m = ID.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static Set<String> h2Ids(String html) {
        Set<String> ids = new HashSet<>();
        Matcher m = Pattern.compile("<h2 id=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String panel(String html) {
        return between(html, "data-panel=\"status\"", "</aside>");
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("'" + from + "' is in the page").isNotNegative();
        int end = text.indexOf(to, start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** The names of the repository's runbook pages. */
    private static List<String> builtInPages() {
        try (Stream<Path> files = Files.list(Path.of("..", "docs", "runbooks"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".md"))
                    .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        if (!Files.exists(file) || !Files.readString(file).equals(text)) {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }
}
