package io.ferry.runbook.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The subject of database-wide alerts: the database's name in its (masked) URL. */
class DatabaseNameTest {

    @Test
    void theNameIsTheUrlsPathWithoutItsParameters() {
        assertThat(ServerAlerts.databaseName("jdbc:postgresql://db.internal:5432/orders?sslmode=require")).isEqualTo("orders");
        assertThat(ServerAlerts.databaseName("postgres://app:***@db.internal/app_prod")).isEqualTo("app_prod");
        assertThat(ServerAlerts.databaseName("the embedded PostgreSQL in .ferry/pg")).isEqualTo("postgres");
        assertThat(ServerAlerts.databaseName("jdbc:postgresql://localhost/")).isEqualTo("postgres");
    }
}
