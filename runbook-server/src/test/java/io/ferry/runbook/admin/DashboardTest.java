package io.ferry.runbook.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.testing.Await;
import io.ferry.runbook.testing.Migrations;
import io.ferry.runbook.testing.Profiles;
import io.ferry.runbook.testing.Server;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The HTML dashboard of {@code /admin/migrations} on a degraded server, and the sign-in form's session
 * cookie: what it is, what it lets a browser do, and from where.
 */
@QuarkusTest
@TestProfile(Profiles.Dashboard.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardTest {

    /** What a browser sends when it opens a page. */
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final String TOKEN = Profiles.DASHBOARD_TOKEN;

    /** Every body the server sent in these tests, to check none holds the token. */
    private static final List<String> BODIES = new ArrayList<>();

    @ConfigProperty(name = "ferry.project-dir")
    Path projectDir;

    private static String self() {
        return "http://localhost:" + RestAssured.port;
    }

    @Test
    @Order(1)
    void theDashboardOfADegradedServerShowsTheFailureItsHintRunbookAndThePendingSqlAsText() throws Exception {
        Server.awaitMigrations("failed");
        JsonPath json = given().accept("application/json").get("/admin/migrations").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> failure = json.getMap("lastFailure");

        Response page = given().accept(BROWSER_ACCEPT).get("/admin/migrations");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String html = keep(page.asString());

        assertThat(html).contains("class=\"state state-failed\"", ">failed</span>")
                .contains("<code>migration-failed</code>")
                .contains("href=\"/runbooks/running#migration-failed\"")
                .contains(escaped((String) failure.get("hint")))
                .contains(escaped((String) failure.get("message")))
                .contains("<code id=\"current\">r1</code>", "<code id=\"heads\">r3</code>");
        // Each pending revision with its file and SQL; markup in the SQL is text, never a tag.
        assertThat(html).contains("<code class=\"rev-id\">r2</code>", "r2.sql", "r3.sql")
                .contains("ALTER TABLE acounts ADD COLUMN email text;")
                .contains(escaped(Migrations.MARKUP_SQL))
                .doesNotContain("<script>alert(");
        // The history's row of the failed upgrade, and the free lock.
        assertThat(html).contains("<tr class=\"failed\"><td><code>r2</code></td><td>upgrade</td><td>failed</td>")
                .contains("<p id=\"lock\">Free</p>")
                .contains("<script src=\"/dashboard.js\"></script>");
        // Not signed in: the page says how to.
        assertThat(html).contains("href=\"/admin/sign-in\"").doesNotContain("Sign out");

        // The JSON carries the same: SQL as data, the history newest first.
        assertThat(json.getString("pending[1].sql")).isEqualTo(Migrations.MARKUP_SQL);
        assertThat(json.getString("history[0].revision")).isEqualTo("r2");
        assertThat(json.getBoolean("history[0].success")).isFalse();
        // A client sending no preference (*/*) gets the page too.
        assertThat(given().get("/admin/migrations").contentType()).startsWith("text/html");
    }

    @Test
    @Order(2)
    void theSignInFormSetsAnHttpOnlyStrictCookieThatIsNotTheToken() {
        Response form = given().get("/admin/sign-in");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(keep(form.asString())).contains("<form method=\"post\" action=\"/admin/sign-in\">",
                "type=\"password\" id=\"token\" name=\"token\"");

        Response wrong = signIn(TOKEN + "x", self());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.getHeader("Set-Cookie")).isNull();
        assertThat(keep(wrong.asString())).contains(SignInResource.WRONG_TOKEN, "name=\"token\"")
                .doesNotContain(TOKEN + "x").doesNotContain("value=\"");

        Response right = signIn(TOKEN, self());
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.getHeader("Location")).endsWith("/admin/migrations");
        String cookie = right.getHeader("Set-Cookie");
        assertThat(cookie).startsWith(AdminSessions.COOKIE + "=").contains("; HttpOnly", "; SameSite=Strict",
                "; Path=/admin", "; Max-Age=43200").doesNotContain("Secure").doesNotContain(TOKEN);
        assertThat(right.getCookie(AdminSessions.COOKIE)).hasSize(43).isNotEqualTo(TOKEN);

        // Signed in, the dashboard offers the way out.
        String html = keep(given().accept(BROWSER_ACCEPT).cookie(AdminSessions.COOKIE, right.getCookie(AdminSessions.COOKIE))
                .get("/admin/migrations").asString());
        assertThat(html).contains("action=\"/admin/sign-out\"", "Sign out");
    }

    @Test
    @Order(3)
    void aRetryWithTheCookieFromThisServersPageIsAccepted() throws Exception {
        String session = session();
        Response retry = given().cookie(AdminSessions.COOKIE, session).header("Origin", self())
                .post("/admin/migrations/retry");
        keep(retry.asString());
        assertThat(retry.statusCode()).isEqualTo(202);
        awaitRunOver();

        // A browser that sends no Origin names the page in Referer.
        Response byReferer = given().cookie(AdminSessions.COOKIE, session)
                .header("Referer", self() + "/admin/migrations").post("/admin/migrations/retry");
        assertThat(byReferer.statusCode()).isEqualTo(202);
        awaitRunOver();
    }

    @Test
    @Order(4)
    void aRetryWithTheCookieFromAnotherSiteOrFromNowhereIsForbidden() {
        String session = session();
        Response foreign = given().cookie(AdminSessions.COOKIE, session).header("Origin", "http://evil.example")
                .post("/admin/migrations/retry");
        assertThat(foreign.statusCode()).isEqualTo(403);
        keep(foreign.asString());
        given().cookie(AdminSessions.COOKIE, session).header("Referer", "http://evil.example/page")
                .post("/admin/migrations/retry").then().statusCode(403);
        given().cookie(AdminSessions.COOKIE, session).header("Origin", "http://localhost:" + (RestAssured.port + 1))
                .post("/admin/migrations/retry").then().statusCode(403);
        given().cookie(AdminSessions.COOKIE, session).post("/admin/migrations/retry").then().statusCode(403);
    }

    @Test
    @Order(5)
    void aRetryWithoutCookieOrTokenIsUnauthorized() {
        Response none = given().header("Origin", self()).post("/admin/migrations/retry");
        assertThat(none.statusCode()).isEqualTo(401);
        keep(none.asString());
        given().cookie(AdminSessions.COOKIE, "made-up-session").header("Origin", self())
                .post("/admin/migrations/retry").then().statusCode(401);
        // The token itself is no session id.
        given().cookie(AdminSessions.COOKIE, TOKEN).header("Origin", self())
                .post("/admin/migrations/retry").then().statusCode(401);
    }

    @Test
    @Order(6)
    void signingOutEndsTheSession() throws Exception {
        String session = session();
        Response out = given().cookie(AdminSessions.COOKIE, session).header("Origin", self()).redirects().follow(false)
                .post("/admin/sign-out");
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.getHeader("Location")).endsWith("/admin/sign-in");
        assertThat(out.getHeader("Set-Cookie")).startsWith(AdminSessions.COOKIE + "=;").contains("Max-Age=0");

        given().cookie(AdminSessions.COOKIE, session).header("Origin", self()).post("/admin/migrations/retry")
                .then().statusCode(401);
        String html = keep(given().accept(BROWSER_ACCEPT).cookie(AdminSessions.COOKIE, session)
                .get("/admin/migrations").asString());
        assertThat(html).doesNotContain("Sign out");
    }

    @Test
    @Order(7)
    void theTokenNeverAppearsInAPageAResponseOrTheLog() throws Exception {
        keep(given().get("/dashboard.js").then().statusCode(200).extract().asString());
        keep(given().get("/dashboard.css").then().statusCode(200).extract().asString());
        keep(given().get("/health").asString());
        keep(given().accept("application/json").get("/admin/migrations").asString());
        keep(given().get("/admin/sign-in").asString());
        assertThat(BODIES).hasSizeGreaterThan(8).noneMatch(body -> body.contains(TOKEN));
        assertThat(Server.log(projectDir)).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
    }

    private static Response signIn(String token, String origin) {
        return given().redirects().follow(false).header("Origin", origin).contentType("application/x-www-form-urlencoded")
                .formParam("token", token).post("/admin/sign-in");
    }

    private static String session() {
        Response in = signIn(TOKEN, self());
        assertThat(in.statusCode()).isEqualTo(303);
        return in.getCookie(AdminSessions.COOKIE);
    }

    /** Waits until the server's run is over (the r2 file is still wrong: it fails again). */
    private static void awaitRunOver() throws Exception {
        Await.until("the run is over", () -> "failed".equals(
                given().accept("application/json").get("/admin/migrations").jsonPath().getString("state")));
    }

    private static String keep(String body) {
        BODIES.add(body);
        return body;
    }

    /** Text as Qute writes it into HTML. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
