package io.ferry.runbook.alerts;

import io.ferry.alerts.AlertsSettings;
import io.ferry.alerts.Dispatcher;
import io.ferry.runbook.project.ServerProject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The {@link AlertSink} of the server: the {@code alerts} module's dispatcher over the sinks of {@code ferry.yaml},
 * spooling in {@code .ferry/alerts/spool}, when the file names sinks; {@link AlertSink#NONE} otherwise.
 */
@ApplicationScoped
public class AlertSinks {

    private static final Logger LOG = Logger.getLogger(AlertSinks.class);

    @Produces
    @Singleton
    AlertSink sink(ServerProject project, DeliveryCounter counter) {
        AlertsSettings settings = project.alerts();
        if (settings.sinks().isEmpty()) {
            LOG.info("No alert sink is configured (alerts: in ferry.yaml): alerts are shown, not delivered");
            return AlertSink.NONE;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return new DispatcherSink(new Dispatcher(settings, project.projectDir().resolve(Dispatcher.SPOOL), http, Clock.systemUTC(),
                counter));
    }

    void close(@Disposes AlertSink sink) {
        if (sink instanceof DispatcherSink dispatcher) {
            dispatcher.close();
        }
    }
}
