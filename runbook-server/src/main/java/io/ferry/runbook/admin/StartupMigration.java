package io.ferry.runbook.admin;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code ferry.migrate-at-start} ({@code FERRY_MIGRATE_AT_START=true}): upgrades to head (or every head, with
 * {@code ferry.migrate-target=heads}) when the server starts, in the background, so that the HTTP server is up at
 * once and shows the run.
 */
@ApplicationScoped
public class StartupMigration {

    void onStart(@Observes StartupEvent event, MigrationRunner runner,
                 @ConfigProperty(name = "ferry.migrate-at-start", defaultValue = "false") boolean migrateAtStart) {
        // Reads ferry.migrate-target now, with or without a run: a bad one stops the start, not the first retry.
        runner.target();
        if (migrateAtStart) {
            runner.start();
        }
    }
}
