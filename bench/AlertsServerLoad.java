import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of bench/alerts-server.sh, run as a single-file program with PostgreSQL's JDBC driver on its
 * class path: {@code java -cp PGJDBC bench/AlertsServerLoad.java SERVER_URL SERVER_PID RECEIVER_PORT RECEIVER_MS
 * JDBC_URL USER ALERTS}.
 *
 * <p>The runbook server ({@code ./ferry-server}, process SERVER_PID, on SERVER_URL) watches a project whose
 * ferry.yaml declares backfill jobs {@code w0000} and {@code j0001} to {@code jALERTS}, and one webhook sink posting
 * to {@code http://127.0.0.1:RECEIVER_PORT/hook}. This program is that receiver (the JDK's HttpServer, 64 threads),
 * answering every post with 204 after RECEIVER_MS. {@code w0000} has already failed (a real {@code ferry backfill
 * run}): its alert, sent to a receiver not yet listening and retried, is the warm-up. Then one transaction records
 * a failed run of each of the ALERTS other jobs, as ALERTS {@code ferry backfill run} failing in other processes
 * would; the server's next refresh raises ALERTS {@code backfill-failed} alerts and its dispatcher delivers them.
 *
 * <p>It reports the delivery throughput (from the first post to the last), the latency from the commit of the
 * failures to each alert's arrival at the receiver (the server's refresh interval, its refresh of every job, the
 * spooling and the queue of 8 posts on the wire), the server's peak heap (its {@code jvm_memory_used_bytes} on
 * {@code /q/metrics}, sampled every 100 ms) and its RSS (VmRSS sampled, and the kernel's VmHWM, the peak since the
 * process started).
 */
public class AlertsServerLoad {

    private static final Pattern HEAP = Pattern.compile(
            "(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.Ee+]+)$");
    private static final Pattern KEY = Pattern.compile("\"key\":\"backfill-failed:([a-z0-9]+)\"");

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: java -cp PGJDBC bench/AlertsServerLoad.java SERVER_URL SERVER_PID RECEIVER_PORT"
                    + " RECEIVER_MS JDBC_URL USER ALERTS");
            System.exit(2);
        }
        String server = args[0];
        long pid = Long.parseLong(args[1]);
        int port = Integer.parseInt(args[2]);
        int receiverMs = Integer.parseInt(args[3]);
        String jdbc = args[4];
        String user = args[5];
        int alerts = Integer.parseInt(args[6]);

        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        AtomicLong posts = new AtomicLong();
        ExecutorService receiverThreads = Executors.newFixedThreadPool(64);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                long now = System.nanoTime();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                posts.incrementAndGet();
                Matcher key = KEY.matcher(body);
                if (body.contains("\"alert.firing\"") && key.find()) {
                    arrivals.putIfAbsent(key.group(1), now);
                }
                TimeUnit.MILLISECONDS.sleep(receiverMs);
                exchange.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        receiver.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            await("the warm-up alert (w0000, retried until the receiver listened)", () -> arrivals.containsKey("w0000"),
                    Duration.ofMinutes(2));
            long heapBefore = heap(http, server);
            long rssBefore = status(pid, "VmRSS");
            int refreshesBefore = refreshes(http, server);

            Sampler sampler = new Sampler(http, server, pid);
            Thread sampling = new Thread(sampler, "sampler");
            sampling.setDaemon(true);
            sampling.start();

            long committed;
            try (Connection c = DriverManager.getConnection(jdbc, user, "")) {
                String runs = runsTable(c);
                try (Statement s = c.createStatement()) {
                    int inserted = s.executeUpdate("INSERT INTO " + runs + " (job, parameters, started_by, started_at,"
                            + " updated_at, ended_at, state, rows_scanned, rows_changed, batches, error)"
                            + " SELECT 'j' || lpad(g::text, 4, '0'), w.parameters, 'alerts-server bench', now(), now(),"
                            + " now(), 'failed', 0, 0, 0, w.error FROM generate_series(1, " + alerts + ") g,"
                            + " (SELECT parameters, error FROM " + runs + " WHERE job = 'w0000' ORDER BY id DESC LIMIT 1) w");
                    if (inserted != alerts) {
                        throw new IllegalStateException("recorded " + inserted + " failed runs, not " + alerts);
                    }
                }
                committed = System.nanoTime(); // autocommit: the failures are visible from here
            }
            await(alerts + " alerts delivered", () -> arrivals.size() >= alerts + 1, Duration.ofMinutes(10));
            sampler.stop();
            sampling.join();

            long[] latencies = arrivals.entrySet().stream().filter(e -> !e.getKey().equals("w0000"))
                    .mapToLong(e -> e.getValue() - committed).sorted().toArray();
            long first = arrivals.entrySet().stream().filter(e -> !e.getKey().equals("w0000"))
                    .mapToLong(Map.Entry::getValue).min().orElseThrow();
            long last = arrivals.entrySet().stream().filter(e -> !e.getKey().equals("w0000"))
                    .mapToLong(Map.Entry::getValue).max().orElseThrow();
            double spreadS = (last - first) / 1e9;
            int refreshes = refreshes(http, server) - refreshesBefore;

            System.out.printf("alerts-server: %d backfill-failed alerts, receiver answers after %d ms, %d posts in all"
                    + " (a delivery that failed is posted again)%n", alerts, receiverMs, posts.get() - 1);
            System.out.printf("  delivery throughput: %.0f alerts/s (first to last arrival, %.2f s); %.0f alerts/s from"
                    + " the commit of the failures to the last arrival (%.2f s)%n", (alerts - 1) / spreadS, spreadS,
                    alerts / ((last - committed) / 1e9), (last - committed) / 1e9);
            System.out.printf("  failure to delivery: first %s, p50 %s, p99 %s, last %s (%d refreshes of the server"
                    + " meanwhile)%n", ms(latencies[0]), ms(pct(latencies, 50)), ms(pct(latencies, 99)),
                    ms(latencies[latencies.length - 1]), refreshes);
            System.out.printf("  server heap: %s before, peak %s sampled during the burst; RSS %s before, peak %s"
                    + " sampled, VmHWM (peak since its start) %s%n", mb(heapBefore), mb(sampler.heapPeak),
                    mb(rssBefore), mb(sampler.rssPeak), mb(status(pid, "VmHWM")));
        } finally {
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
    }

    /** Heap and RSS of the server, every 100 ms, until stopped. */
    private static final class Sampler implements Runnable {
        private final HttpClient http;
        private final String server;
        private final long pid;
        private volatile boolean running = true;
        volatile long heapPeak;
        volatile long rssPeak;

        Sampler(HttpClient http, String server, long pid) {
            this.http = http;
            this.server = server;
            this.pid = pid;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    heapPeak = Math.max(heapPeak, heap(http, server));
                    rssPeak = Math.max(rssPeak, status(pid, "VmRSS"));
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (Exception e) {
                    if (running) {
                        System.err.println("sampling failed: " + e);
                    }
                    return;
                }
            }
        }
    }

    /** The schema-qualified runs table of the backfills, where {@code ferry backfill run} created it. */
    private static String runsTable(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT quote_ident(table_schema) || '.'"
                + " || quote_ident(table_name) FROM information_schema.tables WHERE table_name = 'ferry_backfill_runs'")) {
            if (!rs.next()) {
                throw new IllegalStateException("no ferry_backfill_runs table: the warm-up run did not create it");
            }
            return rs.getString(1);
        }
    }

    /** The heap in use, bytes: the sum of jvm_memory_used_bytes over the heap's pools. */
    private static long heap(HttpClient http, String server) throws Exception {
        Matcher m = HEAP.matcher(metrics(http, server));
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return (long) sum;
    }

    private static int refreshes(HttpClient http, String server) throws Exception {
        Matcher m = Pattern.compile("(?m)^ferry_snapshot_refreshes_total(?:\\{[^}]*\\})? ([0-9.Ee+]+)$")
                .matcher(metrics(http, server));
        return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
    }

    private static String metrics(HttpClient http, String server) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server + "/q/metrics")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A field of /proc/PID/status in bytes (the kernel gives kB). */
    private static long status(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition, Duration guard) throws Exception {
        long end = System.nanoTime() + guard.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException("never happened within " + guard + ": " + what);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String ms(long nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }

    private static String mb(long bytes) {
        return String.format("%.0f MB", bytes / 1048576.0);
    }
}
