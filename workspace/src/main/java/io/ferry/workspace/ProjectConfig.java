package io.ferry.workspace;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The project file, {@code ferry.yaml}: everything the command-line flags set, for a project to keep
 * in its repository. Flags win over environment variables, which win over this file.
 *
 * <pre>
 * url: postgres://app@db.internal:5432/app    # or jdbc:postgresql://...
 * user: app
 * password: ...                               # better: FERRY_PASSWORD in the environment
 * connect-timeout: 10s                         # connect and log in within this, or fail with exit 3
 * dirs: [migrations]
 * schema: public
 * desired-schema: schema                      # ferry revision --autogenerate: *.sql files of the wanted schema
 * lock-wait: 60s
 * lock-timeout: 3s
 * statement-timeout: 10min
 * lock-retry-for: 1min                        # keep trying a revision blocked by a lock this long
 * retries: 20                                 # optional cap on the attempts after the first
 * format: flyway                              # V1__x.sql files and flyway_schema_history
 * placeholders: {tenant: acme}                # for Flyway's ${tenant}
 * flyway-table: flyway_schema_history
 * public-url: https://ferry.example.com       # the runbook server: errors link to its runbook pages
 * runbooks: ops/runbooks                      # the runbook server: this project's own pages, beside the built-in
 * backfills:                                  # jobs for ferry backfill; see docs/backfills.md
 *   hashes: {type: hash, table: proposal_templates, key: id, columns: [title, body], target: content_hash}
 * alerts:                                     # the runbook server's alert sinks; see docs/alerts.md
 *   sinks: {ops: {type: webhook, url: https://hooks.example/ferry, secret: ${FERRY_WEBHOOK_SECRET}}}
 * lint: warn                                  # or {on-run: error, large-table: 100000, rules: {rule-id: off}}
 * </pre>
 */
public record ProjectConfig(
        String url,
        String user,
        String password,
        @JsonProperty("connect-timeout") String connectTimeout,
        @JsonAlias("dir") List<String> dirs,
        String schema,
        @JsonProperty("desired-schema") String desiredSchema,
        @JsonProperty("lock-wait") String lockWait,
        @JsonProperty("lock-timeout") String lockTimeout,
        @JsonProperty("statement-timeout") String statementTimeout,
        @JsonProperty("lock-retry-for") String lockRetryFor,
        Integer retries,
        String format,
        Map<String, String> placeholders,
        @JsonProperty("flyway-table") String flywayTable,
        @JsonProperty("public-url") String publicUrl,
        String runbooks,
        JsonNode backfills,
        JsonNode alerts,
        JsonNode lint) {

    /** The keys this file accepts, for messages. */
    public static final String KEYS = "url, user, password, connect-timeout, dirs, schema, desired-schema, lock-wait,"
            + " lock-timeout, statement-timeout, lock-retry-for, retries, format, placeholders, flyway-table, public-url,"
            + " runbooks, backfills, alerts, lint";

    public static ProjectConfig empty() {
        return new ProjectConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    /**
     * Reads a project file.
     *
     * @throws FerryException naming the file and the problem when it is not valid
     */
    public static ProjectConfig read(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        try {
            byte[] bytes = Files.readAllBytes(file);
            try (JsonParser parser = yaml.createParser(bytes)) {
                if (parser.nextToken() == null) {
                    return empty(); // an empty file, or one of comments only: no settings
                }
            }
            ProjectConfig config = yaml.readValue(bytes, ProjectConfig.class);
            return config == null ? empty() : config;
        } catch (UnrecognizedPropertyException e) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION,
                    file + ": unknown key '" + e.getPropertyName() + "'", "the keys are " + KEYS);
        } catch (IOException e) {
            String detail = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, file + ": cannot be read: " + detail,
                    "check the YAML syntax; the keys are " + KEYS);
        }
    }
}
