package io.ferry.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The benchmarks' way to run the {@code ferry} launcher of this checkout against one database of a
 * server, as a user would (a cold JVM each time), and to read what it printed.
 *
 * @param launcher the {@code ferry} script
 * @param project  the folder it runs in (its {@code ferry.yaml})
 * @param server   the server
 * @param url      the database's JDBC URL
 */
record FerryProcess(Path launcher, Path project, PostgresServer server, String url) {

    /** What one command did: its wall time (JVM start included) and its output. */
    record Outcome(double seconds, String output) {

        /** The output read as JSON (for commands run with {@code --json}). */
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(output);
        }
    }

    /** Runs {@code ferry args...}; fails with its output when it exits other than 0. */
    Outcome run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("FERRY_") || k.equals("DATABASE_URL"));
        pb.environment().put("FERRY_URL", url);
        if (server.user() != null) {
            pb.environment().put("FERRY_USER", server.user());
        }
        if (server.password() != null) {
            pb.environment().put("FERRY_PASSWORD", server.password());
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("ferry " + String.join(" ", args) + " exited " + exit + ": " + out);
        }
        return new Outcome(seconds, out);
    }

    /** Removes a folder and everything in it (a benchmark's temporary project). */
    static void deleteTree(Path folder) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** A new connection to the database. */
    Connection connect() throws Exception {
        Properties p = new Properties();
        if (server.user() != null) {
            p.setProperty("user", server.user());
        }
        if (server.password() != null) {
            p.setProperty("password", server.password());
        }
        return DriverManager.getConnection(url, p);
    }

    /** The server's version and the settings a benchmark's figures depend on, on one line. */
    String settings() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version(), string_agg(name || '=' || current_setting(name), ', '"
                     + " ORDER BY name) FROM pg_settings WHERE name IN ('fsync',"
                     + " 'synchronous_commit', 'full_page_writes', 'jit', 'shared_buffers', 'max_wal_size')")) {
            rs.next();
            return rs.getString(1).replaceAll(" on .*", "") + "; " + rs.getString(2);
        }
    }

    /** Whether the server can JIT-compile queries at all (its LLVM provider loads). */
    boolean jitAvailable() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_jit_available()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
