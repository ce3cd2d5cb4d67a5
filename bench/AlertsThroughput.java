import com.sun.net.httpserver.HttpServer;
import io.ferry.alerts.Alert;
import io.ferry.alerts.AlertsSettings;
import io.ferry.alerts.Delivery;
import io.ferry.alerts.DeliveryListener;
import io.ferry.alerts.Dispatcher;
import io.ferry.alerts.Severity;
import io.ferry.alerts.SinkSettings;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator of bench/alerts-throughput.sh, run as a single-file program on the alerts module's class
 * path: {@code java -cp CLASSPATH bench/AlertsThroughput.java ALERTS RECEIVER_MS WARMUP}.
 *
 * <p>A receiver on 127.0.0.1 (the JDK's HttpServer, 64 threads) answers every post with 204 after
 * RECEIVER_MS. One Dispatcher with one webhook sink (the defaults: 8 posts on the wire per sink, 10 s per
 * attempt, the default retry schedule) and a spool in a fresh temporary folder on the working directory's
 * disk is sent WARMUP alerts (not measured), then ALERTS more, one after another from one thread, as the
 * runbook server's rules would. For each alert it takes the time from the start of {@code send()} to the
 * {@code delivered} outcome its listener is told (the spool has recorded the receiver's 2xx). A thread samples
 * the heap every 10 ms; the peak RSS is the kernel's VmHWM for this process.
 */
public class AlertsThroughput {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java -cp CLASSPATH bench/AlertsThroughput.java ALERTS RECEIVER_MS WARMUP");
            System.exit(2);
        }
        int alerts = Integer.parseInt(args[0]);
        int receiverMs = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);

        AtomicInteger received = new AtomicInteger();
        ExecutorService receiverThreads = Executors.newFixedThreadPool(64);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                TimeUnit.MILLISECONDS.sleep(receiverMs);
                received.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        receiver.start();

        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        SinkSettings sink = new SinkSettings("bench", SinkSettings.Type.WEBHOOK,
                URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                "whsec_" + Base64.getEncoder().encodeToString(key), null, null, null);
        AlertsSettings settings = new AlertsSettings("https://ferry.example.com", AlertsSettings.DEFAULT_RETRY,
                List.of(sink));

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> deliveredAt = new ConcurrentHashMap<>();
        AtomicLong failures = new AtomicLong();
        DeliveryListener listener = (Delivery delivery, String outcome) -> {
            if (outcome.equals("delivered")) {
                deliveredAt.put(delivery.key(), System.nanoTime());
            } else {
                failures.incrementAndGet();
            }
        };
        HeapSampler heap = new HeapSampler();
        heap.start();
        Path spool = Files.createTempDirectory(Path.of("").toAbsolutePath(), "alerts-spool-");
        try (Dispatcher dispatcher = new Dispatcher(settings, spool, HttpClient.newHttpClient(), Clock.systemUTC(),
                listener)) {
            run(dispatcher, "warmup", warmup, sentAt, deliveredAt);
            deliveredAt.clear();
            sentAt.clear();

            long[] sendNanos = new long[alerts];
            long start = System.nanoTime();
            for (int i = 0; i < alerts; i++) {
                String k = "migration-failed:" + i;
                long before = System.nanoTime();
                sentAt.put(k, before);
                dispatcher.send(alert(k));
                sendNanos[i] = System.nanoTime() - before;
            }
            long spooled = System.nanoTime();
            while (deliveredAt.size() < alerts) {
                TimeUnit.MILLISECONDS.sleep(5);
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("only " + deliveredAt.size() + " of " + alerts
                            + " delivered in 5 min");
                }
            }
            long last = deliveredAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            long[] latencies = sentAt.entrySet().stream()
                    .mapToLong(e -> deliveredAt.get(e.getKey()) - e.getValue()).sorted().toArray();
            Arrays.sort(sendNanos);
            heap.stopSampling();

            double seconds = (last - start) / 1e9;
            System.out.printf("alerts-throughput: %d alerts (after %d unmeasured) to one webhook sink, receiver on"
                    + " 127.0.0.1 answering 204 after %d ms; %d cores; %s%n", alerts, warmup, receiverMs,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                            + System.getProperty("java.version") + ", max heap "
                            + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, "
                            + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName());
            System.out.printf("delivered: %d in %.2f s = %.0f alerts/s (the floor at 8 on the wire and %d ms each:"
                    + " %.2f s); receiver got %d posts, %d outcomes other than delivered%n", alerts, seconds,
                    alerts / seconds, receiverMs, alerts * receiverMs / 8 / 1000.0, received.get() - warmup,
                    failures.get());
            System.out.printf("send() (spooled and fsynced): %.2f s for all, p50 %.2f ms, p99 %.2f ms%n",
                    (spooled - start) / 1e9, pct(sendNanos, 50), pct(sendNanos, 99));
            System.out.printf("send() to delivered: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", pct(latencies, 50),
                    pct(latencies, 99), latencies[latencies.length - 1] / 1e6);
            System.out.printf("memory: peak heap used %.1f MB (sampled every 10 ms), peak RSS %s%n",
                    heap.peak / 1024.0 / 1024.0, peakRss());
        } finally {
            receiver.stop(0);
            receiverThreads.shutdownNow();
            try (var files = Files.walk(spool)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Dispatcher dispatcher, String prefix, int count, Map<String, Long> sentAt,
                            Map<String, Long> deliveredAt) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            dispatcher.send(alert(prefix + ":" + i));
        }
        while (deliveredAt.size() < count) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static Alert alert(String key) {
        return new Alert(key, key.substring(0, key.indexOf(':')), Severity.CRITICAL,
                "Migration " + key + " failed: permission denied for table proposals",
                Map.of("database", "app", "error", "permission-denied"),
                "https://ferry.example.com/runbooks/database#permission-denied", Instant.now(), null);
    }

    private static double pct(long[] sortedNanos, double p) {
        int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
    }

    private static String peakRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                return String.format("%.1f MB (VmHWM)", kb / 1024.0);
            }
        }
        return "unknown (no /proc/self/status)";
    }

    /** The heap in use, sampled every 10 ms; keeps the largest. */
    static final class HeapSampler extends Thread {
        volatile long peak;
        private final CountDownLatch stopped = new CountDownLatch(1);

        HeapSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                do {
                    peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                } while (!stopped.await(10, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stopSampling() {
            stopped.countDown();
        }
    }
}
