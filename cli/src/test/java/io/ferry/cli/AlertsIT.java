package io.ferry.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ferry.alerts.Alert;
import io.ferry.alerts.AlertsSettings;
import io.ferry.alerts.DeliveryListener;
import io.ferry.alerts.Dispatcher;
import io.ferry.alerts.Severity;
import io.ferry.migration.testing.Await;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry alerts list} and {@code ferry alerts test} through the real launcher, against a WireMock receiver. */
class AlertsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ROUTING_KEY = "R0UTINGKEY0123456789012345678901";

    @RegisterExtension
    static WireMockExtension receiver = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path cwd;

    private Cli cli;

    @BeforeEach
    void project() throws Exception {
        String base = receiver.baseUrl();
        Files.writeString(cwd.resolve("ferry.yaml"), """
                alerts:
                  public-url: https://ferry.example.com
                  retry: [0s, 5s, 5min]
                  sinks:
                    pager:
                      type: pagerduty
                      url: %s/v2/enqueue
                      routing-key: ${PAGERDUTY_ROUTING_KEY}
                      min-severity: critical
                    ops:
                      type: webhook
                      url: %s/hook/t0ken
                      secret: ${FERRY_WEBHOOK_SECRET}
                    am:
                      type: alertmanager
                      url: %s/am
                      rules: [migration-failed, backfill-failed]
                """.formatted(base, base, base));
        cli = new Cli(cwd).env("PAGERDUTY_ROUTING_KEY", ROUTING_KEY).env("FERRY_WEBHOOK_SECRET", SECRET);
        receiver.stubFor(post(urlPathEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)));
        receiver.stubFor(post(urlPathEqualTo("/hook/t0ken")).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post(urlPathEqualTo("/am/api/v2/alerts")).willReturn(aResponse().withStatus(200)));
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertNoSecret(r);
        return r;
    }

    private static void assertNoSecret(Cli.Result r) {
        assertThat(r.out() + r.err()).doesNotContain(SECRET, ROUTING_KEY, "MfKQ9r8G", "t0ken");
    }

    @Test
    void listShowsTheSinksWithoutSecretsAndTheRules() {
        List<String> lines = ok("alerts", "list").outLines();

        assertThat(lines.get(0)).isEqualTo("runbook links: https://ferry.example.com");
        assertThat(lines.get(1)).isEqualTo("retry: 0, 5s, 5min");
        assertThat(lines.get(3)).matches("SINK +TYPE +MIN-SEVERITY +RULES +ENABLED +URL");
        assertThat(lines.get(4)).matches("pager +pagerduty +critical +all +yes +http://[a-z0-9.]+:\\d+/v2/enqueue");
        assertThat(lines.get(5)).matches("ops +webhook +info +all +yes +http://[a-z0-9.]+:\\d+/\\*\\*\\*");
        assertThat(lines.get(6)).matches("am +alertmanager +info +backfill-failed,migration-failed +yes +http://.*/am");
        assertThat(String.join("\n", lines)).contains("migration-failed      critical  at once",
                "database-unreachable  critical  3 probes every 10s", "migration-stuck       critical  15min",
                "backfill-failed       error", "schema-out-of-sync    warning",
                "backfill-stalled      warning   10min");
    }

    @Test
    void listAsJson() throws Exception {
        JsonNode list = JSON.readTree(ok("alerts", "list", "--json").out());

        assertThat(list.path("publicUrl").asText()).isEqualTo("https://ferry.example.com");
        assertThat(list.path("sinks")).hasSize(3);
        JsonNode ops = list.path("sinks").get(1);
        assertThat(ops.path("name").asText()).isEqualTo("ops");
        assertThat(ops.path("type").asText()).isEqualTo("webhook");
        assertThat(ops.path("url").asText()).endsWith("/***");
        assertThat(ops.path("minSeverity").asText()).isEqualTo("info");
        assertThat(ops.path("enabled").asBoolean()).isTrue();
        assertThat(ops.path("disabledBecause").isNull()).isTrue();
        assertThat(list.path("rules")).hasSize(6);
        assertThat(list.path("rules").get(0).path("name").asText()).isEqualTo("migration-failed");
        assertThat(list.path("rules").get(0).path("severity").asText()).isEqualTo("critical");
    }

    @Test
    void aSinkThatAnswered410IsListedAsDisabled() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hook/t0ken")).atPriority(1).willReturn(aResponse().withStatus(410)));
        disableOpsThroughTheSpool();

        assertThat(ok("alerts", "list").outLines().get(5)).matches("ops +webhook +info +all +no: answered HTTP 410"
                + " Gone since \\S+ +http://.*");
    }

    @Test
    void listReadsTheSpoolOfTheProjectThatConfigNamesNotOfTheCurrentFolder() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hook/t0ken")).atPriority(1).willReturn(aResponse().withStatus(410)));
        disableOpsThroughTheSpool();
        Path elsewhere = Files.createDirectories(cwd.resolve("elsewhere"));
        Cli fromElsewhere = new Cli(elsewhere).env("PAGERDUTY_ROUTING_KEY", ROUTING_KEY)
                .env("FERRY_WEBHOOK_SECRET", SECRET);

        Cli.Result r = fromElsewhere.run("alerts", "list", "--config", cwd.resolve("ferry.yaml").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.outLines().get(5)).matches("ops +webhook +info +all +no: answered HTTP 410 Gone since \\S+ +http://.*");
        assertThat(elsewhere.resolve(".ferry")).as("nothing is read or made in the current folder").doesNotExist();
    }

    @Test
    void testSendsATestAlertThroughEverySink() throws Exception {
        Cli.Result text = ok("alerts", "test");
        assertThat(text.outLines()).containsExactly("pager  delivered (HTTP 202)", "ops    delivered (HTTP 200)",
                "am     delivered (HTTP 200)");
        receiver.verify(2, postRequestedFor(urlPathEqualTo("/v2/enqueue")));
        receiver.verify(1, postRequestedFor(urlPathEqualTo("/hook/t0ken")));
        receiver.verify(1, postRequestedFor(urlPathEqualTo("/am/api/v2/alerts")));

        JsonNode one = JSON.readTree(ok("alerts", "test", "ops", "--json").out());
        assertThat(one.path("delivered").asBoolean()).isTrue();
        assertThat(one.path("sinks")).hasSize(1);
        assertThat(one.path("sinks").get(0).path("sink").asText()).isEqualTo("ops");
        assertThat(one.path("sinks").get(0).path("status").asInt()).isEqualTo(200);
        receiver.verify(2, postRequestedFor(urlPathEqualTo("/hook/t0ken")));
    }

    @Test
    void aSinkThatRefusesTheTestExitsOneNamingItAndTheStatus() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/am/api/v2/alerts")).atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("cluster not ready")));

        Cli.Result text = cli.run("alerts", "test");
        assertThat(text.exit()).as(text.toString()).isEqualTo(1);
        assertThat(text.outLines()).containsExactly("pager  delivered (HTTP 202)", "ops    delivered (HTTP 200)",
                "am     failed: HTTP 500 Internal Server Error");
        assertNoSecret(text);

        Cli.Result json = cli.run("alerts", "test", "--json");
        assertThat(json.exit()).isEqualTo(1);
        JsonNode doc = JSON.readTree(json.out());
        assertThat(doc.path("delivered").asBoolean()).isFalse();
        assertThat(doc.path("sinks").get(2).path("status").asInt()).isEqualTo(500);
    }

    @Test
    void anUnknownSinkIsAUsageErrorNamingTheSinks() {
        Cli.Result r = cli.run("alerts", "test", "pagr");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        ErrorLines error = r.error().hasCode("invalid-usage");
        assertThat(error.message()).isEqualTo("unknown sink 'pagr': the sinks are pager, ops, am");
        assertThat(receiver.getAllServeEvents()).isEmpty();
    }

    @Test
    void withoutSinksTheErrorSaysWhereToDeclareThem() throws Exception {
        Files.writeString(cwd.resolve("ferry.yaml"), "backfills: {}\n");

        Cli.Result r = cli.run("alerts", "test");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        ErrorLines error = r.error().hasCode("invalid-configuration");
        assertThat(error.message()).isEqualTo("no alert sinks are configured, so there is nothing to test");
        assertThat(error.hint()).contains("alerts: sinks: in ferry.yaml");
        assertThat(ok("alerts", "list").out()).contains("no alert sinks are configured");
    }

    @Test
    void anUnsetVariableIsAConfigurationError() {
        cli.env("FERRY_WEBHOOK_SECRET", null);

        Cli.Result r = cli.run("alerts", "list");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        ErrorLines error = r.error().hasCode("invalid-configuration");
        assertThat(error.message()).isEqualTo("ferry.yaml: alerts sink 'ops': secret names ${FERRY_WEBHOOK_SECRET},"
                + " which is not set");
    }

    /** A dispatcher on the project's spool sends an alert that ops answers 410: the spool records ops disabled. */
    private void disableOpsThroughTheSpool() throws Exception {
        JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(cwd.resolve("ferry.yaml").toFile());
        Map<String, String> env = Map.of("PAGERDUTY_ROUTING_KEY", ROUTING_KEY, "FERRY_WEBHOOK_SECRET", SECRET);
        AlertsSettings settings = AlertsSettings.parse(file.get("alerts"), Path.of("ferry.yaml"), env::get);
        try (Dispatcher dispatcher = new Dispatcher(settings, cwd.resolve(Dispatcher.SPOOL), HttpClient.newHttpClient(),
                Clock.systemUTC(), DeliveryListener.NONE)) {
            dispatcher.send(new Alert("backfill-failed:hashes", "backfill-failed", Severity.ERROR, "hashes failed",
                    null, null, Instant.now(), null));
            Await.until("ops disabled", () -> !dispatcher.sinks().get(1).enabled());
        }
    }
}
