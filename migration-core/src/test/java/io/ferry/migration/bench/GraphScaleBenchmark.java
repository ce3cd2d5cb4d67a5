package io.ferry.migration.bench;

import io.ferry.migration.testing.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Ferry's read-only commands scale with the size of the revision graph: {@code ferry heads},
 * {@code ferry history} and {@code ferry upgrade head --sql}, cold processes through the launcher with
 * the heap capped at 256 MB, on projects of each size given (default 1,000 and 10,000 revisions). Each
 * project is a linear chain with 50 branches that fork from it and are merged back into it, every file a
 * small revision (a table and a row) with a down section. The commands get the URL of an empty live
 * database, as a deploy pipeline would. For each size it prints the median wall time of each command,
 * the time per revision, and the largest heap in use the GC log shows; then the growth from the first
 * size to the last against the growth in revisions (linear growth gives a ratio of about 1 or less,
 * since start-up does not grow).
 *
 * <p>Run it with {@code bench/graph-scale.sh [RUNS] [SIZE...]}.
 */
public final class GraphScaleBenchmark {

    private static final int BRANCHES = 50;
    private static final List<List<String>> COMMANDS = List.of(List.of("heads"), List.of("history"),
            List.of("upgrade", "head", "--sql"));
    private static final Pattern HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private GraphScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1_000, 10_000);
        }
        Path launcher = Path.of("ferry").toAbsolutePath();
        Path work = Files.createTempDirectory("ferry-bench-graph");
        try (PostgresServer server = PostgresServer.startDurable()) {
            try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS bench_graph WITH (FORCE)");
                s.execute("CREATE DATABASE bench_graph");
            }
            String url = server.url("bench_graph");
            System.out.printf("ferry heads | history | upgrade head --sql, cold processes, -Xmx256m, median of %d runs;"
                    + " java %s%n", runs, System.getProperty("java.version"));
            double[][] medians = new double[sizes.size()][];
            for (int k = 0; k < sizes.size(); k++) {
                int n = sizes.get(k);
                Path project = work.resolve("p" + n);
                writeProject(project.resolve("migrations"), n);
                medians[k] = new double[COMMANDS.size()];
                System.out.printf("%n%,d revisions (a chain, %d branches merged back):%n", n, BRANCHES);
                for (int c = 0; c < COMMANDS.size(); c++) {
                    double[] times = new double[runs];
                    long peak = 0;
                    for (int r = 0; r < runs; r++) {
                        Path gcLog = work.resolve("gc.log");
                        long t0 = System.nanoTime();
                        run(launcher, project, server, url, COMMANDS.get(c), gcLog);
                        times[r] = (System.nanoTime() - t0) / 1e6;
                        peak = Math.max(peak, peakHeapMb(gcLog));
                    }
                    medians[k][c] = MigrateFloorBenchmark.median(times);
                    System.out.printf("  ferry %-20s %7.0f ms  (%.3f ms per revision)  largest heap in use %d MB%n",
                            String.join(" ", COMMANDS.get(c)), medians[k][c], medians[k][c] / n, peak);
                }
            }
            if (sizes.size() > 1) {
                int first = sizes.get(0);
                int last = sizes.get(sizes.size() - 1);
                System.out.printf("%nfrom %,d to %,d revisions (%.0f times as many):%n", first, last, (double) last / first);
                for (int c = 0; c < COMMANDS.size(); c++) {
                    double grew = medians[sizes.size() - 1][c] / medians[0][c];
                    System.out.printf("  ferry %-20s %.2f times the time%n", String.join(" ", COMMANDS.get(c)), grew);
                }
            }
        } finally {
            MigrateFloorBenchmark.deleteTree(work);
        }
    }

    /** N revisions: a chain, and {@value #BRANCHES} branches, each forked from the chain and merged back. */
    static void writeProject(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        int branchLength = Math.max(1, n / (BRANCHES * 10));
        int chain = n - BRANCHES * (branchLength + 1);
        int every = chain / (BRANCHES + 1);
        int written = 0;
        String previous = "base";
        int branch = 0;
        for (int i = 1; i <= chain; i++) {
            String id = id('c', i);
            write(dir, ++written, id, previous);
            previous = id;
            if (branch < BRANCHES && i % every == 0) {
                // A branch forks here; the chain goes on, and a merge joins both a few revisions later.
                branch++;
                String tip = id;
                for (int b = 1; b <= branchLength; b++) {
                    String bid = id('b', branch * 1000 + b);
                    write(dir, ++written, bid, tip);
                    tip = bid;
                }
                String next = id('c', ++i);
                write(dir, ++written, next, previous);
                String merge = id('m', branch);
                write(dir, ++written, merge, next + " " + tip);
                previous = merge;
            }
        }
        if (written != n) {
            throw new IllegalStateException("wrote " + written + " revisions, not " + n);
        }
    }

    private static String id(char kind, int i) {
        return String.format("%c%011x", kind == 'c' ? 'a' : kind == 'b' ? 'b' : 'd', i);
    }

    private static void write(Path dir, int number, String id, String revises) throws IOException {
        String table = "t_" + id;
        Files.writeString(dir.resolve(String.format("%05d_%s.sql", number, id)),
                "-- ferry:revision " + id + "\n-- ferry:revises " + revises + "\n-- ferry:message revision " + number
                        + "\n\n-- ferry:up\nCREATE TABLE " + table + " (id bigint PRIMARY KEY, label text NOT NULL);\n"
                        + "INSERT INTO " + table + " (id, label) VALUES (1, 'row " + number + "');\n\n"
                        + "-- ferry:down\nDROP TABLE " + table + ";\n", StandardCharsets.UTF_8);
    }

    private static void run(Path launcher, Path project, PostgresServer server, String url, List<String> args,
                            Path gcLog) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("FERRY_") || k.equals("DATABASE_URL"));
        pb.environment().put("FERRY_URL", url);
        pb.environment().put("FERRY_USER", server.user() == null ? "" : server.user());
        pb.environment().put("FERRY_PASSWORD", server.password() == null ? "" : server.password());
        pb.environment().put("FERRY_JAVA_OPTS", "-Xmx256m -Xlog:gc+heap+exit=info,gc=info:file=" + gcLog);
        Process p = pb.start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ferry " + String.join(" ", args) + " exited " + p.exitValue());
        }
    }

    /**
     * The largest heap in use the GC log shows: before each collection, and at exit (the young and old
     * generations' "used" figures summed).
     */
    static long peakHeapMb(Path gcLog) throws IOException {
        long peak = 0;
        long atExit = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = HEAP.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
            Matcher used = Pattern.compile("(?:generation|space) +total \\d+K, used (\\d+)K").matcher(line);
            if (used.find() && line.contains("generation")) {
                atExit += Long.parseLong(used.group(1)) / 1024;
            }
        }
        return Math.max(peak, atExit);
    }
}
