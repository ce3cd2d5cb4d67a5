package io.ferry.migration;

import static io.ferry.migration.testing.Errors.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.api.MigrationErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsAndSettingsTest {

    @Test
    void passwordsAreMaskedInEveryFormOfUrl() {
        assertThat(Secrets.maskUrl("postgres://app:s3cret@db:5432/app")).isEqualTo("postgres://app:***@db:5432/app");
        assertThat(Secrets.maskUrl("postgres://app:pa/ss@db/app")).isEqualTo("postgres://app:***@db/app");
        assertThat(Secrets.maskUrl("postgres://app:p@ss@db/app")).isEqualTo("postgres://app:***@db/app");
        assertThat(Secrets.maskUrl("jdbc:postgresql://db/app?user=app&password=s3cret&sslpassword=k3y&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/app?user=app&password=***&sslpassword=***&ssl=true");
        assertThat(Secrets.maskUrl("jdbc:postgresql://db:5432/app")).isEqualTo("jdbc:postgresql://db:5432/app");
    }

    @Test
    void settingsPostgresCannotHoldAreRefused(@TempDir Path dir) {
        FerryConfiguration base = Ferry.configure().dataSource("jdbc:postgresql://127.0.0.1:1/x", "u", "p")
                .locations(dir);
        assertFails(() -> base.schema("my-schema").load(), MigrationErrorCode.INVALID_CONFIGURATION, "'my-schema'");
        FerryConfiguration again = Ferry.configure().dataSource("jdbc:postgresql://127.0.0.1:1/x", "u", "p")
                .locations(dir);
        assertFails(() -> again.lockTimeout(Duration.ofNanos(500)).load(), MigrationErrorCode.INVALID_CONFIGURATION,
                "less than a millisecond");
        assertFails(() -> again.lockTimeout(Duration.ofDays(30)).load(), MigrationErrorCode.INVALID_CONFIGURATION,
                "longer than PostgreSQL allows");
        assertFails(() -> fresh(dir).lockRetryFor(Duration.ofSeconds(-1)).load(), MigrationErrorCode.INVALID_CONFIGURATION,
                "lock retry budget must not be negative");
        assertFails(() -> fresh(dir).retries(-1).load(), MigrationErrorCode.INVALID_CONFIGURATION, "retries must be 0 or more");
        assertFails(() -> fresh(dir).retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).load(),
                MigrationErrorCode.INVALID_CONFIGURATION, "retry backoff");
        assertFails(() -> Ferry.configure().dataSource("jdbc:postgresql://h:54x2/db?password=s3cret", null, null),
                MigrationErrorCode.INVALID_CONFIGURATION, "password=***");
    }

    private static FerryConfiguration fresh(Path dir) {
        return Ferry.configure().dataSource("jdbc:postgresql://127.0.0.1:1/x", "u", "p").locations(dir);
    }
}
