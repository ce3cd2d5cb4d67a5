package io.ferry.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.api.FerryException;
import io.ferry.runbook.testing.LockWait;
import io.ferry.runbook.testing.Migrations;
import io.ferry.runbook.testing.Profiles;
import io.ferry.runbook.testing.Server;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What an on-call engineer does in a real browser (headless Chromium from the system's packages, driven by
 * Selenium): opens the dashboard of a degraded server, signs in, retries without a fix and sees the run fail
 * again, fixes the file, retries and sees {@code ok} (and its alert resolved) on the same page; then reads a runbook
 * whose live check changes when another session blocks a table; and watches an alert raised by another process's
 * failed upgrade appear on the open dashboard. Each page is saved as a PNG under {@code target/screenshots}.
 *
 * <p>Runs in the {@code browser} Maven profile, active where {@code /usr/bin/chromium} exists; the browser and
 * its driver are named by path ({@code ferry.browser.binary}, {@code webdriver.chrome.driver}), so Selenium
 * never looks for or downloads either.
 */
@QuarkusTest
@TestProfile(Profiles.Browser.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {

    private static final Path SHOTS = Path.of("target", "screenshots");
    /** Long enough that only a hang reaches it. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int WIDTH = 1366;
    private static final int HEIGHT = 900;

    private static ChromeDriver browser;
    private static WebDriverWait await;

    @TestHTTPResource("/")
    URL base;
    @ConfigProperty(name = "ferry.project-dir")
    Path projectDir;
    @ConfigProperty(name = "ferry.url")
    String url;
    @ConfigProperty(name = "ferry.user")
    Optional<String> user;
    @ConfigProperty(name = "ferry.password")
    Optional<String> password;

    @BeforeAll
    static void startTheBrowser() throws IOException {
        String binary = System.getProperty("ferry.browser.binary", "/usr/bin/chromium");
        String driver = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + WIDTH + "," + HEIGHT, "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(driver).toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        // live.js swaps the status panel in on each status event (one as a page connects): an element found in the
        // old panel may be gone by the time it is read, so a wait reads it again.
        await = new WebDriverWait(browser, PATIENCE);
        await.ignoring(StaleElementReferenceException.class);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void theDashboardOfADegradedServerSaysFailedWithTheFailureAndThePendingSql() throws Exception {
        Server.awaitMigrations("failed");
        open("admin/migrations");

        assertThat(text(By.id("state-word"))).isEqualTo("failed");
        assertThat(browser.findElement(By.id("state")).getAttribute("class")).contains("state-failed");
        WebElement failure = browser.findElement(By.id("failure"));
        assertThat(failure.isDisplayed()).isTrue();
        assertThat(failure.getText()).contains("migration-failed", "acounts");
        assertThat(failure.findElement(By.cssSelector("a.runbook-link")).getAttribute("href"))
                .endsWith("/runbooks/running#migration-failed");
        assertThat(texts(By.cssSelector("#pending .rev-id"))).containsExactly("r2", "r3");
        assertThat(texts(By.cssSelector("#pending pre.sql"))).contains(Migrations.LONG_SQL);
        // Not signed in: the page says how to.
        assertThat(browser.findElement(By.cssSelector(".side a[href='/admin/sign-in']")).isDisplayed()).isTrue();
        // The start-up migration's failure fires migration-failed: drawn with the page, or by the page's next
        // poll when the server had not raised it yet (the health changes before the alert rules run).
        await.until(d -> text(By.id("alerts-count")).equals("1"));
        assertThat(texts(By.cssSelector("#alerts-active tr.severity-critical td:nth-child(2)")))
                .singleElement().asString().contains("r2");
        assertThat(browser.findElement(By.id("alerts-none")).isDisplayed()).isFalse();
        shoot("01-dashboard-failed");
    }

    @Test
    @Order(2)
    void signingInThroughTheFormAndRetryingWithoutAFixShowsTheRunFailAgainOnThePage() throws Exception {
        browser.findElement(By.cssSelector(".side a[href='/admin/sign-in']")).click();
        await.until(d -> d.getCurrentUrl().endsWith("/admin/sign-in"));
        shoot("02-sign-in");

        // A wrong token: the form comes back saying so.
        browser.findElement(By.id("token")).sendKeys(Profiles.BROWSER_TOKEN + "-wrong");
        browser.findElement(By.cssSelector("form[action='/admin/sign-in'] button[type='submit']")).click();
        WebElement error = await.until(d -> d.findElement(By.cssSelector(".sign-in .error")));
        assertThat(error.getText()).isNotBlank();
        shoot("03-sign-in-wrong-token");

        browser.findElement(By.id("token")).sendKeys(Profiles.BROWSER_TOKEN);
        browser.findElement(By.cssSelector("form[action='/admin/sign-in'] button[type='submit']")).click();
        await.until(d -> d.getCurrentUrl().endsWith("/admin/migrations"));
        assertThat(browser.findElement(By.cssSelector(".side")).getText()).contains("Signed in.", "Sign out");
        assertThat(failedRows()).isEqualTo(1);

        markThePage();
        browser.findElement(By.id("retry")).click();
        // The run happens and fails again: its row joins the history, and the page says so.
        await.until(d -> failedRows() == 2 && text(By.id("retry-message")).startsWith("The run failed"));
        assertThat(text(By.id("state-word"))).isEqualTo("failed");
        assertThat(browser.findElement(By.id("retry")).isEnabled()).isTrue();
        assertThat(thePageWasNotReloaded()).isTrue();
        shoot("04-dashboard-retry-failed-again");
    }

    @Test
    @Order(3)
    void afterTheFileIsFixedARetryTurnsTheSamePageOk() throws Exception {
        Migrations.revision(projectDir.resolve("migrations"), "r2", "r1", "ALTER TABLE accounts ADD COLUMN email text;");
        browser.findElement(By.id("retry")).click();

        await.until(d -> "ok".equals(text(By.id("state-word"))));
        assertThat(thePageWasNotReloaded()).isTrue();
        await.until(d -> text(By.id("retry-message")).equals("The run is over: ok."));
        assertThat(browser.findElement(By.id("state")).getAttribute("class")).contains("state-ok");
        assertThat(browser.findElement(By.id("failure")).isDisplayed()).isFalse();
        assertThat(text(By.id("pending-count"))).isEqualTo("0");
        assertThat(text(By.id("current"))).isEqualTo("r3");
        assertThat(texts(By.cssSelector("#history tr.ok td:first-child"))).contains("r2", "r3");
        assertThat(browser.getTitle()).startsWith("ok ·");
        // The alert resolves, and the section says so without a reload.
        await.until(d -> d.findElement(By.id("alerts-none")).isDisplayed());
        assertThat(text(By.id("alerts-count"))).isEqualTo("0");
        assertThat(browser.findElement(By.id("alerts-active-table")).isDisplayed()).isFalse();
        await.until(d -> texts(By.cssSelector("#alert-deliveries tr.delivered td:nth-child(2)"))
                .contains("migration-failed:r2 resolved"));
        assertThat(thePageWasNotReloaded()).isTrue();
        shoot("05-dashboard-ok");
    }

    @Test
    @Order(4)
    void theRunbookIndexListsEveryPageBesideTheLiveStatus() throws Exception {
        open("runbooks");
        assertThat(browser.findElements(By.cssSelector(".all-pages a[href='/runbooks/lock-conflicts']"))).hasSize(1);
        String panel = await.until(d -> d.findElement(By.cssSelector("aside[data-panel='status']")).getText());
        assertThat(panel).contains("Live status", "Migrations");
        shoot("06-runbooks-index");
    }

    @Test
    @Order(5)
    void aLiveCheckOnARunbookPageChangesWhenAnotherSessionBlocksATable() throws Exception {
        open("runbooks/lock-conflicts");
        By blockers = By.cssSelector("section.check[data-check='blockers']");
        await.until(d -> "ok".equals(d.findElement(blockers).getAttribute("data-check-status")));
        assertThat(text(By.cssSelector("section.check[data-check='blockers'] .check-summary")))
                .isEqualTo("no session is waiting for a lock");
        markThePage();

        try (LockWait lock = LockWait.on(this::connect, "accounts", "on-call-holder", "on-call-waiter")) {
            int holderPid = lock.holderPid();
            int waiterPid = lock.waiterPid();
            await.until(d -> List.of("warning", "failing")
                    .contains(d.findElement(blockers).getAttribute("data-check-status")));
            WebElement check = browser.findElement(blockers);
            assertThat(check.getAttribute("class")).containsAnyOf("check-warning", "check-failing");
            assertThat(text(By.cssSelector("section.check[data-check='blockers'] .check-summary")))
                    .startsWith("1 session(s) waiting for a lock");
            List<String> cells = texts(By.cssSelector("section.check[data-check='blockers'] table.check-rows td"));
            assertThat(cells).contains(String.valueOf(waiterPid), "on-call-waiter", String.valueOf(holderPid),
                    "on-call-holder", "AccessShareLock on accounts");
            assertThat(thePageWasNotReloaded()).isTrue();
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", check);
            shoot("07-runbook-lock-conflicts-blocked", false);
        }
        // Released: the box turns ok again, still without a reload.
        await.until(d -> "ok".equals(d.findElement(blockers).getAttribute("data-check-status")));
        assertThat(thePageWasNotReloaded()).isTrue();
        shoot("08-runbook-lock-conflicts", true);
    }

    @Test
    @Order(6)
    void anUpgradeByAnotherProcessShowsInTheStatusPanelOfAnOpenPage() throws Exception {
        open("runbooks/running");
        By current = By.cssSelector("aside[data-panel='status'] [data-field='current'] > code");
        await.until(d -> text(current).equals("r3"));
        markThePage();

        // Another process with a newer release's files (here: the test, through Ferry's API, as ferry upgrade would)
        // applies r4, which this server's files do not have.
        anotherProcess(newerRelease()).upgrade("heads");

        await.until(d -> text(current).equals("r4"));
        assertThat(thePageWasNotReloaded()).isTrue();
        // The files this server read end at r3: the panel says where r4 comes from.
        By unknown = By.cssSelector("aside[data-panel='status'] [data-field='unknown']");
        await.until(d -> text(unknown).replaceAll("\\s+", " ")
                .equals("r4: not in these files (a newer release applied it, or the files are another branch's)"));
        await.until(d -> text(By.cssSelector("aside[data-panel='status'] [data-live-connection]")).equals("live"));
        shoot("09-runbook-running-after-upgrade", false);
    }

    @Test
    @Order(7)
    void anAlertRaisedWhileTheDashboardIsOpenShowsInItsAlertsSectionWithoutAReload() throws Exception {
        open("admin/migrations");
        By summaries = By.cssSelector("#alerts-active td:nth-child(2)");
        // schema-out-of-sync may fire already: the server read its files at its start, and knows no r4.
        assertThat(texts(summaries)).noneMatch(summary -> summary.contains("r5"));
        markThePage();

        // A deploy pipeline's ferry upgrade of the newer release fails on r5: the server sees it in the history and
        // raises the alert.
        Path newer = newerRelease();
        Migrations.revision(newer, "r5", "r4", "ALTER TABLE audit_logs ADD COLUMN at date;");
        assertThatThrownBy(() -> anotherProcess(newer).upgrade("heads")).isInstanceOf(FerryException.class)
                .hasMessageContaining("audit_logs");

        By alert = By.cssSelector("#alerts-active tr.severity-critical");
        await.until(d -> d.findElements(alert).size() == 1);
        assertThat(text(By.id("alerts-count"))).isEqualTo(String.valueOf(texts(summaries).size()));
        assertThat(browser.findElement(By.id("alerts")).getAttribute("class")).contains("firing");
        assertThat(browser.findElement(By.id("alerts-none")).isDisplayed()).isFalse();
        List<String> cells = texts(By.cssSelector("#alerts-active tr.severity-critical td"));
        assertThat(cells.get(0)).isEqualTo("critical");
        assertThat(cells.get(1)).contains("r5");
        assertThat(cells.get(2)).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC");
        String runbook = await.until(d -> d.findElement(alert).findElement(By.cssSelector("a")).getAttribute("href"));
        assertThat(runbook).endsWith("/runbooks/running#migration-failed");
        await.until(d -> texts(By.cssSelector("#alert-deliveries tr.delivered td:nth-child(2)"))
                .contains("migration-failed:r5 firing"));
        assertThat(text(By.id("state-word"))).isEqualTo("failed");
        assertThat(thePageWasNotReloaded()).isTrue();
        ((JavascriptExecutor) browser).executeScript("document.getElementById('alerts').scrollIntoView()");
        shoot("10-dashboard-alert-raised", false);
    }

    /** Ferry run on the server's database from outside with the files of {@code dir}, as {@code ferry upgrade} would. */
    private Ferry anotherProcess(Path dir) {
        return Ferry.configure().dataSource(FerryConfiguration.simpleDataSource(url, user.orElse(null),
                password.orElse(null))).locations(dir).load();
    }

    /** A newer release's migration files: the server's, and r4 after them (which the server's files never get). */
    private Path newerRelease() throws IOException {
        Path newer = Files.createTempDirectory("newer-release");
        try (var files = Files.list(projectDir.resolve("migrations"))) {
            for (Path file : files.toList()) {
                Files.copy(file, newer.resolve(file.getFileName()));
            }
        }
        Migrations.revision(newer, "r4", "r3", "CREATE TABLE audit_log (id bigint);");
        return newer;
    }

    private void open(String path) {
        browser.get(base.toString() + path);
    }

    /** An element's text as the document holds it (the page's CSS may show it in capitals). */
    private static String text(By by) {
        return browser.findElement(by).getDomProperty("textContent").strip();
    }

    /** The texts of the elements, read again should the page redraw them while they are read. */
    private static List<String> texts(By by) {
        return await.until(d -> d.findElements(by).stream().map(e -> e.getDomProperty("textContent").strip()).toList());
    }

    private static int failedRows() {
        return browser.findElements(By.cssSelector("#history tr.failed")).size();
    }

    /** Marks the loaded document: a reload, or a new page, loses the mark. */
    private static void markThePage() {
        ((JavascriptExecutor) browser).executeScript("window.__noReload = 1;");
    }

    private static boolean thePageWasNotReloaded() {
        return Long.valueOf(1).equals(((JavascriptExecutor) browser).executeScript("return window.__noReload || 0;"));
    }

    private static void shoot(String name) throws IOException {
        shoot(name, true);
    }

    /** Saves a PNG of the page: the whole page, or only what the window shows. */
    private static void shoot(String name, boolean wholePage) throws IOException {
        Dimension window = browser.manage().window().getSize();
        // The window is taller than the part that shows the page by the browser's own frame.
        Number frame = (Number) ((JavascriptExecutor) browser).executeScript("return window.outerHeight - window.innerHeight;");
        int height = HEIGHT;
        if (wholePage) {
            Number page = (Number) ((JavascriptExecutor) browser)
                    .executeScript("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);");
            height = Math.min(Math.max(page.intValue(), HEIGHT), 6000);
        }
        browser.manage().window().setSize(new Dimension(WIDTH, height + frame.intValue()));
        try {
            Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    private Connection connect(String application) throws SQLException {
        Connection c = DriverManager.getConnection(url, user.orElse(null), password.orElse(null));
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = '" + application + "'");
        }
        return c;
    }

}
