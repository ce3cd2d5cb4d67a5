package io.ferry.runbook.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The server's start-up configurations under test; each is one start of the application. */
public final class Profiles {

    private Profiles() {
    }

    /** The admin token that {@link MigratesAtStart} configures (the others let the server generate one). */
    public static final String TOKEN = "test-admin-token-0123456789";

    /** A configuration, and the arguments of its {@link ServerDatabase}. */
    abstract static class Profile implements QuarkusTestProfile {
        private final Map<String, String> config;
        private final Map<String, String> database;

        Profile(Map<String, String> config, Map<String, String> database) {
            this.config = config;
            this.database = database;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ServerDatabase.class, database));
        }
    }

    /** Good migrations, migrated at start, with a configured admin token. */
    public static class MigratesAtStart extends Profile {
        public MigratesAtStart() {
            super(Map.of("ferry.migrate-at-start", "true", "ferry.admin-token", TOKEN, "ferry.refresh", "1s"),
                    Map.of("migrations", "good"));
        }
    }

    /** A project of two branches (two heads), migrated at start to every head, with a configured admin token. */
    public static class TwoHeadsAtStart extends Profile {
        public TwoHeadsAtStart() {
            super(Map.of("ferry.migrate-at-start", "true", "ferry.migrate-target", "heads", "ferry.admin-token", TOKEN,
                    "ferry.refresh", "1s"), Map.of("migrations", "two-heads"));
        }
    }

    /** A revision whose SQL fails, migrated at start; the admin token is generated. */
    public static class FailsAtStart extends Profile {
        public FailsAtStart() {
            super(Map.of("ferry.migrate-at-start", "true", "ferry.refresh", "1s"), Map.of("migrations", "failing"));
        }
    }

    /**
     * Good migrations not applied at start (a test applies them from outside), a short refresh, long
     * transactions from 1 s, and one declared backfill job ({@link ProjectWithBackfill}).
     */
    public static class Live extends Profile {
        public Live() {
            super(Map.of("ferry.refresh", "300ms", "ferry.checks.long-transaction", "1s"), Map.of("migrations", "good"));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ProjectWithBackfill.class);
        }
    }

    /** The admin token that {@link Dashboard} configures. */
    public static final String DASHBOARD_TOKEN = "dashboard-token-Qx7pL2vN9sK4";

    /** A revision whose SQL fails and one whose SQL holds markup, migrated at start, with a configured token. */
    public static class Dashboard extends Profile {
        public Dashboard() {
            super(Map.of("ferry.migrate-at-start", "true", "ferry.admin-token", DASHBOARD_TOKEN, "ferry.refresh", "1s"),
                    Map.of("migrations", "failing-markup"));
        }
    }

    /** Good migrations on a PostgreSQL server of this profile's own, which the test stops and starts. */
    public static class OwnServer extends Profile {
        public OwnServer() {
            super(Map.of("ferry.migrate-at-start", "true", "ferry.refresh", "200ms"),
                    Map.of("migrations", "good", "dedicated", "true"));
        }
    }

    /**
     * A revision whose SQL fails, migrated at start (so there is a last failure to link to), and a project
     * folder of runbooks, {@code runbooks/} under the project, that the tests fill.
     */
    public static class RunbookPages extends Profile {
        public RunbookPages() {
            super(Map.of("ferry.migrate-at-start", "true", "ferry.refresh", "1s", "ferry.runbooks.dir", "runbooks"),
                    Map.of("migrations", "failing"));
        }
    }

    /** The admin token that {@link Browser} configures. */
    public static final String BROWSER_TOKEN = "browser-token-Hb3mW8rT5yZ1";

    /**
     * For the tests in a real browser: a revision whose SQL fails and one with a long line of SQL, migrated
     * at start, a configured token, a short refresh, and the {@link Receiver} as the webhook
     * sink {@value #WEBHOOK_SINK} of ferry.yaml (so the dashboard lists deliveries).
     */
    public static class Browser extends Profile {
        public Browser() {
            super(Map.of("ferry.migrate-at-start", "true", "ferry.admin-token", BROWSER_TOKEN, "ferry.refresh", "500ms"),
                    withWebhookSink(Map.of("migrations", "failing-long")));
        }
    }

    /** {@code database}, the arguments of a {@link ServerDatabase}, with the {@link Receiver} as a sink. */
    private static Map<String, String> withWebhookSink(Map<String, String> database) {
        Map<String, String> args = new HashMap<>(database);
        args.put("alerts-sink", WEBHOOK_SINK);
        args.put("alerts-url", Receiver.shared().url(Receiver.HOOK_PATH));
        args.put("alerts-secret", Receiver.shared().secret());
        return Map.copyOf(args);
    }

    /** The public address that {@link Alerts} and {@link AlertsAtStart} give in their ferry.yaml. */
    public static final String PUBLIC_URL = "https://ferry.test";

    /**
     * Good migrations not applied at start (a test fails and applies them from outside), one declared backfill
     * job, a short refresh and probe, and the {@link RecordingSink} as the alerts' receiver.
     */
    public static class Alerts extends Profile {
        public Alerts() {
            super(Map.of("ferry.refresh", "300ms", "ferry.alerts.probe-interval", "200ms",
                    "ferry.alerts.probe-failures", "2"), Map.of("migrations", "good", "public-url", PUBLIC_URL));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ProjectWithBackfill.class, RecordingSink.class);
        }
    }

    /** The admin token that {@link AlertsAtStart} configures. */
    public static final String ALERTS_TOKEN = "alerts-token-Vb6nQ1zR8wK3";

    /**
     * A revision whose SQL fails, migrated at start, with a configured token, a refresh too slow to matter, and the
     * {@link RecordingSink} as the alerts' receiver.
     */
    public static class AlertsAtStart extends Profile {
        public AlertsAtStart() {
            super(Map.of("ferry.migrate-at-start", "true", "ferry.admin-token", ALERTS_TOKEN, "ferry.refresh", "1h"),
                    Map.of("migrations", "failing", "public-url", PUBLIC_URL));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RecordingSink.class);
        }
    }

    /**
     * Good migrations, migrated at start, a short refresh, the drift check every second with the test server as
     * its scratch server ({@code ferry.dev-url}), and the {@link RecordingSink} as the alerts' receiver.
     */
    public static class Drift extends Profile {
        public Drift() {
            super(Map.of("ferry.migrate-at-start", "true", "ferry.refresh", "300ms", "ferry.drift.interval", "1s"),
                    Map.of("migrations", "good", "dev-url", "true"));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RecordingSink.class);
        }
    }

    /** The name of the webhook sink that the ferry.yaml of {@link DatabaseDown} and {@link Browser} declares. */
    public static final String WEBHOOK_SINK = "oncall";

    /**
     * Good migrations, migrated at start, on a PostgreSQL server of this profile's own that the test stops and
     * starts; probes every second, three failures in a row raising {@code database-unreachable}; and in ferry.yaml
     * a real webhook sink, {@value #WEBHOOK_SINK}, posting to the {@link Receiver} with its secret.
     */
    public static class DatabaseDown extends Profile {
        public DatabaseDown() {
            super(Map.of("ferry.migrate-at-start", "true", "ferry.refresh", "1s", "ferry.alerts.probe-interval", "1s",
                            "ferry.alerts.probe-failures", "3"),
                    withWebhookSink(Map.of("migrations", "good", "dedicated", "true", "public-url", PUBLIC_URL)));
        }
    }
}
