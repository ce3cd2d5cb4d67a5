package io.ferry.runbook.alerts;

import io.ferry.runbook.project.ServerProject;
import io.ferry.runbook.snapshot.Snapshot;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The server's alerts: the {@link Evaluator} fed with each new snapshot and with a probe of its own every
 * {@code ferry.alerts.probe-interval}, its book kept in {@code .ferry/alerts/state.json}, its transitions handed
 * to the {@link AlertSink}. A failure of the server's own migration run shows in the snapshot the run refreshes
 * as it ends, so it is sent at once, not at the next refresh.
 *
 * <p>The probe runs on a thread of its own at a fixed rate, not on Quarkus's scheduler: that one checks its jobs
 * once a second, so it cannot run one more often (a {@code 500ms} interval was run every second) and, with a
 * {@code 1s} interval, a late check drops a run, which left {@code database-unreachable} a whole interval late.
 * At a fixed rate a probe that takes longer than the interval (a connection timing out) delays the next one but
 * does not cost one: three failures still take three intervals.
 */
@Startup
@ApplicationScoped
public class ServerAlerts {

    private static final Logger LOG = Logger.getLogger(ServerAlerts.class);
    /** The first probe's wait after the start. */
    private static final Duration PROBE_DELAY = Duration.ofSeconds(1);

    private final Evaluator evaluator;
    private final Leadership leadership;
    private final DatabaseProbe probe;
    private final RuleContext context;
    private final AlertSink sink;
    private final Duration probeInterval;
    private ScheduledExecutorService prober;

    public ServerAlerts(ServerProject project, AlertSink sink,
                        @ConfigProperty(name = "ferry.alerts.probe-interval", defaultValue = "10s") Duration probeInterval,
                        @ConfigProperty(name = "ferry.alerts.probe-failures", defaultValue = "3") int probeFailures,
                        @ConfigProperty(name = "ferry.alerts.stuck-after", defaultValue = "15m") Duration stuckAfter,
                        @ConfigProperty(name = "ferry.alerts.stalled-after", defaultValue = "10m") Duration stalledAfter,
                        @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        String base = project.alerts().publicUrl();
        this.context = new RuleContext(databaseName(project.describe()),
                base == null || base.isBlank() ? "http://localhost:" + port : base.strip().replaceAll("/+$", ""),
                stuckAfter, stalledAfter);
        this.sink = sink;
        this.probeInterval = probeInterval;
        this.leadership = new AdvisoryLeadership(project::dataSource, project.schema());
        this.probe = new DatabaseProbe(project, Clock.systemUTC());
        this.evaluator = new Evaluator(Evaluator.snapshotRules(), new UnreachableRule(probeFailures, probeInterval),
                context, new AlertBook(new BookFile(project.projectDir().resolve(BookFile.FILE))), sink, leadership);
    }

    /**
     * The database's name in its URL ({@code .../orders?ssl=true}: {@code orders}); {@code postgres}, the embedded
     * server's database, when the description names no URL.
     */
    static String databaseName(String url) {
        int scheme = url == null ? -1 : url.indexOf("://");
        int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        String name = slash < 0 ? "" : url.substring(slash + 1).replaceAll("[?#].*$", "");
        return name.isBlank() ? "postgres" : name;
    }

    /**
     * On the refreshing thread, before the other observers of the snapshot (they have the default priority, later),
     * so that a page that reads {@code GET /api/alerts} on the status event of a snapshot finds its alerts settled; a
     * rule's failure is logged and leaves the other observers alone.
     */
    void renewed(@Observes @Priority(Interceptor.Priority.APPLICATION) Snapshot snapshot) {
        try {
            evaluator.evaluate(snapshot);
        } catch (RuntimeException e) {
            LOG.errorf(e, "The alert rules could not be evaluated: %s", e.getMessage());
        }
    }

    @PostConstruct
    void startProbing() {
        prober = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ferry-alerts-probe");
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleAtFixedRate(this::probe, PROBE_DELAY.toMillis(), probeInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One probe; an exception would end the fixed-rate schedule, so it is logged here. */
    void probe() {
        try {
            evaluator.probed(probe.probe());
        } catch (RuntimeException e) {
            LOG.errorf(e, "The database probe of the alerts failed: %s", e.getMessage());
        }
    }

    public AlertBook book() {
        return evaluator.book();
    }

    public AlertSink sink() {
        return sink;
    }

    /** Whether this replica evaluates the snapshot rules. */
    public boolean leader() {
        return evaluator.leader();
    }

    /** The base of the alerts' runbook links, the database's name and the thresholds. */
    public RuleContext context() {
        return context;
    }

    @PreDestroy
    void close() {
        if (prober != null) {
            prober.shutdownNow();
        }
        leadership.close();
    }
}
