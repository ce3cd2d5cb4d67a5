package io.ferry.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertsSettingsTest {

    private static final Path FILE = Path.of("ferry.yaml");
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private final Map<String, String> env = new HashMap<>(Map.of(
            "PAGERDUTY_ROUTING_KEY", "R0UTINGKEY0123456789012345678901",
            "FERRY_WEBHOOK_SECRET", SECRET,
            "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/XXXXSECRET"));

    private static JsonNode yaml(String text) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(text).get("alerts");
    }

    private AlertsSettings parse(String text) throws Exception {
        return AlertsSettings.parse(yaml(text), FILE, env::get);
    }

    private static final String ISSUE_EXAMPLE = """
            alerts:
              public-url: https://ferry.internal.example/
              retry: [0s, 5s, 5min, 30min, 2h, 5h, 10h, 10h]
              sinks:
                pager:
                  type: pagerduty
                  routing-key: ${PAGERDUTY_ROUTING_KEY}
                  min-severity: critical
                ops:
                  type: webhook
                  url: https://hooks.example/ferry
                  secret: ${FERRY_WEBHOOK_SECRET}
                am:
                  type: alertmanager
                  url: http://alertmanager:9093
                chat:
                  type: slack
                  url: ${SLACK_WEBHOOK_URL}
                  rules: [migration-failed, database-unreachable]
            """;

    @Test
    void readsTheIssuesExample() throws Exception {
        AlertsSettings settings = parse(ISSUE_EXAMPLE);

        assertThat(settings.publicUrl()).isEqualTo("https://ferry.internal.example");
        assertThat(settings.retry()).containsExactly(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
                Duration.ofHours(10));
        assertThat(settings.sinks()).extracting(SinkSettings::name).containsExactly("pager", "ops", "am", "chat");
        SinkSettings pager = settings.sink("pager");
        assertThat(pager.type()).isEqualTo(SinkSettings.Type.PAGERDUTY);
        assertThat(pager.url()).isEqualTo(URI.create("https://events.pagerduty.com/v2/enqueue"));
        assertThat(pager.routingKey()).isEqualTo("R0UTINGKEY0123456789012345678901");
        assertThat(pager.minSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(settings.sink("ops").secret()).isEqualTo(SECRET);
        assertThat(settings.sink("ops").minSeverity()).isEqualTo(Severity.INFO);
        assertThat(settings.sink("am").url()).isEqualTo(URI.create("http://alertmanager:9093"));
        assertThat(settings.sink("chat").url()).hasToString("https://hooks.slack.com/services/T000/B000/XXXXSECRET");
        assertThat(settings.sink("chat").rules()).isEqualTo(Set.of("migration-failed", "database-unreachable"));
    }

    @Test
    void secretsAreMaskedWhereverSettingsAreShown() throws Exception {
        AlertsSettings settings = parse(ISSUE_EXAMPLE);

        assertThat(settings.sink("chat").maskedUrl()).isEqualTo("https://hooks.slack.com/***");
        assertThat(settings.sink("ops").maskedUrl()).isEqualTo("https://hooks.example/***");
        assertThat(settings.sink("am").maskedUrl()).isEqualTo("http://alertmanager:9093");
        assertThat(settings.sink("pager").maskedUrl()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
        assertThat(settings.toString()).doesNotContain(SECRET, "R0UTINGKEY", "XXXXSECRET");
    }

    @Test
    void withoutTheSectionThereAreNoSinksAndTheDefaultSchedule() {
        AlertsSettings settings = AlertsSettings.parse(null, FILE, env::get);

        assertThat(settings.sinks()).isEmpty();
        assertThat(settings.retry()).isEqualTo(AlertsSettings.DEFAULT_RETRY);
        assertThat(settings.publicUrl()).isNull();
    }

    @Test
    void ferryPublicUrlInTheEnvironmentWins() throws Exception {
        env.put("FERRY_PUBLIC_URL", "https://ops.example.com/ferry/");

        assertThat(parse(ISSUE_EXAMPLE).publicUrl()).isEqualTo("https://ops.example.com/ferry");
        assertThat(AlertsSettings.parse(null, FILE, env::get).publicUrl()).isEqualTo("https://ops.example.com/ferry");
    }

    @Test
    void anUnknownTypeIsNamedWithTheTypesThereAre() {
        assertInvalid("""
                alerts:
                  sinks:
                    ops: {type: teams, url: https://hooks.example/ferry}
                """, "ferry.yaml: alerts sink 'ops': type 'teams' is not known",
                "write type: webhook, pagerduty, alertmanager or slack");
    }

    @Test
    void aSinkWithoutItsUrlSaysWhatToWrite() {
        assertInvalid("""
                alerts:
                  sinks:
                    am: {type: alertmanager}
                """, "ferry.yaml: alerts sink 'am' has no url", "write url: http://alertmanager:9093");
        assertInvalid("""
                alerts:
                  sinks:
                    am: {type: alertmanager, url: "alertmanager:9093"}
                """, "ferry.yaml: alerts sink 'am': url is not an http or https URL", "write url:");
    }

    @Test
    void anAlertmanagerUrlIsABaseAddressWithoutQueryOrFragment() throws Exception {
        assertInvalid("""
                alerts:
                  sinks:
                    am: {type: alertmanager, url: "http://alertmanager:9093/?token=x"}
                """, "ferry.yaml: alerts sink 'am': url has a query", "write url: http://alertmanager:9093");
        assertInvalid("""
                alerts:
                  sinks:
                    am: {type: alertmanager, url: "http://alertmanager:9093#top"}
                """, "ferry.yaml: alerts sink 'am': url has a fragment", "write url: http://alertmanager:9093");
        AlertmanagerProtocol protocol = new AlertmanagerProtocol();
        for (String base : List.of("http://am:9093", "http://am:9093/")) {
            assertThat(protocol.target(parse("alerts:\n  sinks:\n    am: {type: alertmanager, url: \"" + base
                    + "\"}\n").sink("am"))).isEqualTo(URI.create("http://am:9093/api/v2/alerts"));
        }
        for (String base : List.of("http://am:9093/prefix", "http://am:9093/prefix/")) {
            assertThat(protocol.target(parse("alerts:\n  sinks:\n    am: {type: alertmanager, url: \"" + base
                    + "\"}\n").sink("am"))).isEqualTo(URI.create("http://am:9093/prefix/api/v2/alerts"));
        }
    }

    @Test
    void anUnsetVariableIsNamed() {
        env.remove("SLACK_WEBHOOK_URL");

        assertInvalid("""
                alerts:
                  sinks:
                    chat: {type: slack, url: "${SLACK_WEBHOOK_URL}"}
                """, "ferry.yaml: alerts sink 'chat': url names ${SLACK_WEBHOOK_URL}, which is not set",
                "set SLACK_WEBHOOK_URL in the environment");
    }

    @Test
    void aBadDurationIsNamed() {
        assertInvalid("""
                alerts:
                  retry: [0s, 5 minutes]
                """, "ferry.yaml: alerts.retry: '5 minutes' is not a duration", "retry: [0s, 5s, 5min");
        assertInvalid("""
                alerts:
                  retry: []
                """, "ferry.yaml: alerts.retry is empty", "retry: [0s,");
    }

    @Test
    void aBadMinSeverityIsNamed() {
        assertInvalid("""
                alerts:
                  sinks:
                    am: {type: alertmanager, url: "http://am:9093", min-severity: high}
                """, "ferry.yaml: alerts sink 'am': min-severity 'high' is not a severity",
                "write min-severity: critical, error, warning or info");
    }

    @Test
    void unknownKeysRulesAndSecretsAreNamedWithoutQuotingTheSecret() {
        assertInvalid("""
                alerts:
                  sinks:
                    chat: {type: slack, url: "https://hooks.slack.com/x", secret: abc}
                """, "ferry.yaml: alerts sink 'chat' (slack): unknown key 'secret'",
                "the keys of a slack sink are type, url, min-severity, rules");
        assertInvalid("""
                alerts:
                  sinks:
                    chat: {type: slack, url: "https://hooks.slack.com/x", rules: [migration-fail]}
                """, "ferry.yaml: alerts sink 'chat': rules: 'migration-fail' is not a rule", "migration-failed");
        assertInvalid("""
                alerts:
                  sinks:
                    ops: {type: webhook, url: "https://hooks.example/x"}
                """, "ferry.yaml: alerts sink 'ops' has no secret", "whsec_");
        env.put("FERRY_WEBHOOK_SECRET", "whsec_not*base64!");
        FerryException e = assertInvalid("""
                alerts:
                  sinks:
                    ops: {type: webhook, url: "https://hooks.example/x", secret: "${FERRY_WEBHOOK_SECRET}"}
                """, "ferry.yaml: alerts sink 'ops': secret is not a Standard Webhooks secret", "whsec_");
        assertThat(e.getMessage() + e.hint()).doesNotContain("not*base64");
        assertInvalid("""
                alerts:
                  sinks:
                    pager: {type: pagerduty}
                """, "ferry.yaml: alerts sink 'pager' has no routing-key", "${PAGERDUTY_ROUTING_KEY}");
        assertInvalid("""
                alerts:
                  sinks: {}
                  sink: {}
                """, "ferry.yaml: alerts: unknown key 'sink'", "public-url, retry, sinks");
    }

    private FerryException assertInvalid(String yaml, String message, String hint) {
        Throwable thrown = catchThrowable(() -> parse(yaml));
        assertThat(thrown).isInstanceOf(FerryException.class);
        FerryException e = (FerryException) thrown;
        assertThat(e.code()).isEqualTo(MigrationErrorCode.INVALID_CONFIGURATION);
        assertThat(e.getMessage()).startsWith(message).doesNotContain("\n");
        assertThat(e.hint()).contains(hint);
        return e;
    }

    @Test
    void theRulesAreTheSixOfTheIssue() {
        assertThat(Rules.ALL).extracting(RuleInfo::name, RuleInfo::severity).containsExactlyInAnyOrder(
                tuple("migration-failed", Severity.CRITICAL),
                tuple("database-unreachable", Severity.CRITICAL),
                tuple("backfill-failed", Severity.ERROR),
                tuple("schema-out-of-sync", Severity.WARNING),
                tuple("migration-stuck", Severity.CRITICAL),
                tuple("backfill-stalled", Severity.WARNING));
        assertThat(Rules.named("migration-stuck").threshold()).isEqualTo("15min");
        assertThat(Rules.named("backfill-stalled").threshold()).isEqualTo("10min");
        assertThat(Rules.named("database-unreachable").threshold()).isEqualTo("3 probes every 10s");
        assertThat(List.copyOf(Rules.ALL)).hasSize(6);
    }
}
