import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of bench/status-throughput.sh, run as a single-file program:
 * {@code java -cp postgresql.jar bench/StatusLoad.java BASE_URL JDBC_URL DB_USER DATABASE SECONDS CLIENTS WARMUP REFRESH}.
 *
 * <p>CLIENTS threads, each with its own JDK HttpClient (one keep-alive connection), loop GET on one address
 * for SECONDS, counting the answers and failing on anything but a 200. Phases: no clients (the refreshes'
 * own database work), a warm-up of both addresses (not counted), then {@code /q/health/live},
 * {@code /api/status}, {@code /q/health/live} again. Around each phase it reads the server's refresh
 * counter ({@code ferry_snapshot_refreshes_total} on {@code /q/metrics}) and the database's transactions and
 * sessions ({@code pg_stat_database}, from a connection to another database, so that reading them adds
 * nothing to what is counted), just after a refresh has ended (see {@link #counters()}). Each of the server's
 * refreshes opens its connections and closes them at its end (it has no pool), so their statistics are flushed
 * when the refresh ends.
 *
 * <p>During each phase a watcher reads {@code /q/metrics} every {@value #WATCH_MS} ms for the end of the newest
 * refresh ({@code ferry_snapshot_last_refresh_timestamp_seconds}, the server's clock, to the millisecond) and the
 * counter: the phase reports how many refreshes ended in it and the largest gap between two consecutive ends
 * (counting the gap from the last end to the phase's end), against the configured interval REFRESH. Two ends
 * closer than a watch apart are seen as one, with the counter saying so: the gap reported then is an upper bound,
 * marked {@code <=}. It also reports the mean time of a refresh in the phase, from {@code ferry_snapshot_refresh_seconds_total}.
 */
public class StatusLoad {

    static final Pattern REFRESHES = Pattern.compile("(?m)^ferry_snapshot_refreshes_total(?:\\{[^}]*\\})? ([0-9.Ee+]+)$");
    static final Pattern REFRESH_TIME = Pattern.compile(
            "(?m)^ferry_snapshot_refresh_seconds_total(?:\\{[^}]*\\})? ([0-9.Ee+]+)$");
    static final Pattern LAST_REFRESH = Pattern.compile(
            "(?m)^ferry_snapshot_last_refresh_timestamp_seconds(?:\\{[^}]*\\})? ([0-9.Ee+]+)$");
    /** How often the watcher reads the refresh metrics during a phase. */
    static final long WATCH_MS = 50;

    /** The refreshes a phase saw end: how many, and the largest gap between two ends (an upper bound if bunched). */
    record Ends(long count, long largestGapMs, boolean bound, double meanRefreshMs) {
        String gap() {
            return (bound ? "<=" : "") + String.format("%.2f", largestGapMs / 1000.0);
        }
    }

    record Counters(long refreshes, long transactions, long sessions) {
        Counters minus(Counters o) {
            return new Counters(refreshes - o.refreshes, transactions - o.transactions, sessions - o.sessions);
        }
    }

    record Result(String label, String path, int clients, double seconds, long requests, long failures,
                  long bytes, long[] latenciesNanos, Counters db, String firstFailure, Ends ends) {
        double perSecond() {
            return requests / seconds;
        }

        double percentileMs(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(latenciesNanos.length - 1, i))] / 1e6;
        }
    }

    private final String base;
    private final Connection stats;
    private final String database;
    private final long intervalMs;
    private final HttpClient metricsClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    StatusLoad(String base, Connection stats, String database, long intervalMs) {
        this.base = base;
        this.stats = stats;
        this.database = database;
        this.intervalMs = intervalMs;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: java -cp postgresql.jar bench/StatusLoad.java BASE_URL JDBC_URL DB_USER DATABASE SECONDS CLIENTS WARMUP REFRESH");
            System.exit(2);
        }
        String base = args[0];
        String jdbc = args[1];
        String user = args[2];
        String database = args[3];
        double seconds = Double.parseDouble(args[4]);
        int clients = Integer.parseInt(args[5]);
        double warmup = Double.parseDouble(args[6]);
        long intervalMs = millis(args[7]);
        try (Connection stats = DriverManager.getConnection(jdbc, user, System.getenv().getOrDefault("PGPASSWORD", ""))) {
            stats.setAutoCommit(true);
            try (Statement s = stats.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('server_version'),"
                    + " current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes'),"
                    + " current_setting('shared_buffers'), current_setting('max_connections')")) {
                rs.next();
                System.out.printf("PostgreSQL %s: fsync %s, synchronous_commit %s, full_page_writes %s, shared_buffers %s,"
                        + " max_connections %s%n", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6));
            }
            new StatusLoad(base, stats, database, intervalMs).run(seconds, clients, warmup);
        }
    }

    void run(double seconds, int clients, double warmup) throws Exception {
        List<Result> results = new ArrayList<>();
        results.add(phase("no clients (refreshes only)", null, 0, seconds));
        if (warmup > 0) {
            phase("warm-up", "/q/health/live", clients, warmup / 2);
            phase("warm-up", "/api/status", clients, warmup / 2);
        }
        results.add(phase("GET /q/health/live", "/q/health/live", clients, seconds));
        results.add(phase("GET /api/status", "/api/status", clients, seconds));
        results.add(phase("GET /q/health/live (again)", "/q/health/live", clients, seconds));

        System.out.println();
        System.out.printf("%-28s %7s %9s %9s %8s %8s %8s %9s %7s %9s %8s %8s %6s %9s %9s %10s%n", "phase", "clients",
                "requests", "req/s", "non-200", "p50 ms", "p99 ms", "KB/resp", "refr.", "xacts", "xact/rf", "sess/rf",
                "ends", "max gap s", "/interval", "refresh ms");
        for (Result r : results) {
            Counters c = r.db();
            System.out.printf("%-28s %7d %9d %9.0f %8d %8s %8s %9s %7d %9d %8s %8s %6d %9s %9.2f %10.1f%n", r.label(), r.clients(),
                    r.requests(), r.perSecond(), r.failures(),
                    r.requests() == 0 ? "-" : String.format("%.2f", r.percentileMs(50)),
                    r.requests() == 0 ? "-" : String.format("%.2f", r.percentileMs(99)),
                    r.requests() == 0 ? "-" : String.format("%.1f", r.bytes() / 1024.0 / r.requests()),
                    c.refreshes(), c.transactions(), ratio(c.transactions(), c.refreshes()),
                    ratio(c.sessions(), c.refreshes()), r.ends().count(), r.ends().gap(),
                    (double) r.ends().largestGapMs() / intervalMs, r.ends().meanRefreshMs());
        }

        Result idle = results.get(0);
        Result live1 = results.get(1);
        Result status = results.get(2);
        Result live2 = results.get(3);
        double perRefresh = idle.db().refreshes() == 0 ? Double.NaN
                : (double) idle.db().transactions() / idle.db().refreshes();
        System.out.println();
        System.out.printf("/api/status / /q/health/live: %.2f against the first run, %.2f against the second"
                        + " (goal: at least 0.70); the two /q/health/live runs differ by %.1f%% (noise)%n",
                status.perSecond() / live1.perSecond(), status.perSecond() / live2.perSecond(),
                100.0 * Math.abs(live1.perSecond() - live2.perSecond()) / Math.max(live1.perSecond(), live2.perSecond()));
        System.out.printf("database work: %.2f transactions per refresh with no clients; with %d clients on"
                        + " /api/status: %d refreshes, %d transactions, %s per refresh, %d transactions beyond the"
                        + " refreshes' own (goal: at most one round of queries per refresh)%n",
                perRefresh, clients, status.db().refreshes(), status.db().transactions(),
                ratio(status.db().transactions(), status.db().refreshes()),
                Math.round(status.db().transactions() - perRefresh * status.db().refreshes()));
        System.out.printf("refreshes against the interval (%d ms): %s%n", intervalMs, String.join("; ",
                results.stream().map(r -> String.format("%s: %d ended in %.1f s (%.0f expected), largest gap %s s"
                                + " (%.2f intervals)", r.label(), r.ends().count(), r.seconds(), r.seconds() * 1000 / intervalMs,
                        r.ends().gap(), (double) r.ends().largestGapMs() / intervalMs)).toList()));
        long failures = results.stream().mapToLong(Result::failures).sum();
        if (failures > 0) {
            System.out.println("FAILED: " + failures + " answers were not 200; the first: "
                    + results.stream().map(Result::firstFailure).filter(f -> f != null).findFirst().orElse("?"));
            System.exit(1);
        }
    }

    private static String ratio(long a, long b) {
        return b == 0 ? "-" : String.format("%.2f", (double) a / b);
    }

    Result phase(String label, String path, int clients, double seconds) throws Exception {
        Counters before = counters();
        long[][] latencies = new long[clients][];
        long[] requests = new long[clients];
        long[] failures = new long[clients];
        long[] bytes = new long[clients];
        AtomicReference<String> firstFailure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[] window = new long[2];
        long durationNanos = (long) (seconds * 1e9);
        for (int t = 0; t < clients; t++) {
            int me = t;
            Thread thread = new Thread(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                        .GET().build();
                long[] lat = new long[1 << 14];
                int n = 0;
                long failed = 0;
                long read = 0;
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = window[0] + durationNanos;
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    try {
                        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        read += response.body().length;
                        if (response.statusCode() != 200) {
                            failed++;
                            firstFailure.compareAndSet(null, path + " answered " + response.statusCode());
                        }
                    } catch (Exception e) {
                        failed++;
                        firstFailure.compareAndSet(null, path + ": " + e);
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = System.nanoTime() - t0;
                }
                latencies[me] = Arrays.copyOf(lat, n);
                requests[me] = n;
                failures[me] = failed;
                bytes[me] = read;
            }, "client-" + t);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        Watcher watcher = new Watcher();
        watcher.start();
        watcher.started.await();
        window[0] = System.nanoTime();
        go.countDown();
        if (clients == 0) {
            Thread.sleep(durationNanos / 1_000_000);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        Ends ends = watcher.finish();
        Counters db = counters().minus(before);
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        Result r = new Result(label, path, clients, elapsed, Arrays.stream(requests).sum(), Arrays.stream(failures).sum(),
                Arrays.stream(bytes).sum(), all, db, firstFailure.get(), ends);
        System.out.printf("%-28s %5.1f s, %d clients: %d requests (%.0f/s), %d not 200; %d refreshes, %d transactions;"
                        + " %d refreshes ended in the phase, largest gap %s s%n", label, elapsed, clients, r.requests(),
                r.perSecond(), r.failures(), db.refreshes(), db.transactions(), ends.count(), ends.gap());
        return r;
    }

    /**
     * The server's refresh counter and the database's transactions and sessions, read between two refreshes:
     * it waits for the counter to move (the server counts a refresh once its connections are closed), then
     * 150 ms for those sessions' statistics to be flushed (a backend flushes them as it exits), and reads the
     * statistics; the reading counts only if no short-lived session was connected to the database then (the
     * server has no pool: between refreshes it holds no connection for them) and no refresh ended in the next
     * 300 ms. Otherwise it tries again after the next refresh. So each phase counts whole refreshes and all their
     * transactions. The one session the server keeps for its life, the alerts' leader (it holds an advisory lock,
     * {@code ferry:alerts-leader:<schema>}, and checks at each refresh that its session answers), is not waited
     * for.
     */
    Counters counters() throws Exception {
        long seen = refreshes();
        for (int attempt = 0; attempt < 20; attempt++) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            long ended;
            while ((ended = refreshes()) == seen) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no refresh in 60 s");
                }
                Thread.sleep(10);
            }
            Thread.sleep(150);
            long transactions;
            long sessions;
            long connected;
            String db = "'" + database.replace("'", "''") + "'";
            try (Statement s = stats.createStatement();
                 ResultSet rs = s.executeQuery("SELECT xact_commit + xact_rollback, sessions,"
                         + " (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = " + db
                         + "   AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory'"
                         + "   AND l.granted))"
                         + " FROM pg_stat_database WHERE datname = " + db)) {
                if (!rs.next()) {
                    throw new SQLException("no database " + database + " in pg_stat_database");
                }
                transactions = rs.getLong(1);
                sessions = rs.getLong(2);
                connected = rs.getLong(3);
            }
            Thread.sleep(300);
            long after = refreshes();
            if (after == ended && connected == 0) {
                return new Counters(ended, transactions, sessions);
            }
            seen = ended;
        }
        throw new IllegalStateException("could not read the counters between two refreshes in 20 attempts; connected"
                + " to the database now: " + sessions());
    }

    /** The sessions connected to the database, for the error when the counters cannot be read. */
    private List<String> sessions() throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement s = stats.createStatement(); ResultSet rs = s.executeQuery("SELECT pid, application_name, state,"
                + " backend_start FROM pg_stat_activity WHERE datname = '" + database.replace("'", "''") + "'")) {
            while (rs.next()) {
                found.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3) + " since " + rs.getString(4));
            }
        }
        return found;
    }

    private long refreshes() throws Exception {
        return refreshMetrics(metricsClient)[0];
    }

    /** The refresh counter and the newest refresh's end (Unix time in ms), from one read of /q/metrics. */
    private long[] refreshMetrics(HttpClient client) throws Exception {
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher count = REFRESHES.matcher(metrics.body());
        Matcher last = LAST_REFRESH.matcher(metrics.body());
        Matcher time = REFRESH_TIME.matcher(metrics.body());
        if (metrics.statusCode() != 200 || !count.find() || !last.find() || !time.find()) {
            throw new IllegalStateException("no ferry_snapshot_refreshes_total, ferry_snapshot_refresh_seconds_total or"
                    + " ferry_snapshot_last_refresh_timestamp_seconds on /q/metrics (status " + metrics.statusCode() + ")");
        }
        return new long[] {(long) Double.parseDouble(count.group(1)), Math.round(Double.parseDouble(last.group(1)) * 1000),
                Math.round(Double.parseDouble(time.group(1)) * 1e6)};
    }

    /**
     * Reads the refresh metrics every {@value #WATCH_MS} ms, on a connection of its own, from just before a phase
     * to its end: each new end timestamp is a refresh ended; {@link #finish} gives the count and the largest gap.
     */
    final class Watcher extends Thread {
        final CountDownLatch started = new CountDownLatch(1);
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private volatile boolean running = true;
        private long firstCount = -1;
        private long lastCount;
        private long lastEnd;
        private long firstMicros;
        private long lastMicros;
        private long largestGap;
        private boolean bound;
        private Exception failure;

        Watcher() {
            super("refresh-watcher");
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                sample();
                started.countDown();
                while (running) {
                    Thread.sleep(WATCH_MS);
                    sample();
                }
            } catch (Exception e) {
                failure = e;
                started.countDown();
            }
        }

        private void sample() throws Exception {
            long[] m = refreshMetrics(client);
            if (firstCount < 0) {
                firstCount = m[0];
                lastCount = m[0];
                lastEnd = m[1];
                firstMicros = m[2];
                lastMicros = m[2];
                return;
            }
            if (m[1] != lastEnd) {
                long gap = m[1] - lastEnd;
                if (gap > largestGap) {
                    largestGap = gap;
                    // More than one refresh ended between two reads: the largest of their gaps is at most this.
                    bound = m[0] - lastCount > 1;
                }
                lastEnd = m[1];
            }
            lastCount = m[0];
            lastMicros = m[2];
        }

        /** Ends the watch at the phase's end; the gap still open then (no refresh since the last end) counts too. */
        Ends finish() throws Exception {
            running = false;
            join();
            if (failure != null) {
                throw failure;
            }
            sample();
            long open = System.currentTimeMillis() - lastEnd;
            if (open > largestGap) {
                largestGap = open;
                bound = false;
            }
            long ended = lastCount - firstCount;
            return new Ends(ended, largestGap, bound, ended == 0 ? Double.NaN : (lastMicros - firstMicros) / 1000.0 / ended);
        }
    }

    /** A duration as the server's --refresh takes it: 500ms, 1s, 2min. */
    static long millis(String duration) {
        Matcher m = Pattern.compile("([0-9]+)(ms|s|min|m|h)").matcher(duration.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("REFRESH is '" + duration + "', not a duration such as 500ms, 1s or 2min");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "h" -> n * 3_600_000;
            default -> n * 60_000;
        };
    }
}
