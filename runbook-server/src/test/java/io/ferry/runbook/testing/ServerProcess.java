package io.ferry.runbook.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.migration.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./ferry-server} as an operator starts it, a process of its own from the built application, in a project
 * folder, with none of the caller's Ferry variables ({@code FERRY_*}, {@code DATABASE_URL}) and those the test gives;
 * and {@code ./ferry}, run to its end the same way. For the *IT classes, which run after package. The server's
 * output is appended to {@code server-output.txt} in the project folder, across restarts.
 */
public final class ServerProcess implements AutoCloseable {

    /** The repository's root, where the launchers are. */
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** How long a process may take to end once told to. */
    private static final long STOP_SECONDS = 90;
    private static final Pattern REFRESHES =
            Pattern.compile("(?m)^ferry_snapshot_refreshes_total(?:\\{[^}]*\\})? ([0-9.Ee+]+)$");

    private final Process process;
    private final Path output;
    private final int port;

    private ServerProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Starts {@code ./ferry-server --port PORT ARGS...} in {@code project} with {@code env} added. */
    public static ServerProcess start(Path project, int port, List<String> args, Map<String, String> env)
            throws IOException {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(port)));
        all.addAll(args);
        Path output = project.resolve("server-output.txt");
        ProcessBuilder builder = builder("ferry-server", project, all, env).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        return new ServerProcess(builder.start(), output, port);
    }

    /** Runs {@code ./ferry ARGS...} in {@code cwd} with {@code env} added, and waits for its end. */
    public static Ran ferry(Path cwd, Map<String, String> env, List<String> args) throws Exception {
        Path out = Files.createTempFile("ferry-output", ".txt");
        try {
            long started = System.nanoTime();
            Process p = builder("ferry", cwd, args, env).redirectErrorStream(true).redirectOutput(out.toFile())
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("ferry " + String.join(" ", args) + " did not end in 180 s");
            }
            return new Ran(String.join(" ", args), p.exitValue(), started, System.nanoTime(),
                    Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * How {@code ./ferry} ran: its exit code, when it was started and when it was seen to end (both
     * {@link System#nanoTime}), its output.
     */
    public record Ran(String command, int exit, long startedAtNanos, long endedAtNanos, String output) {

        @Override
        public String toString() {
            return "ferry " + command + " -> exit " + exit + "\n" + output;
        }
    }

    private static ProcessBuilder builder(String launcher, Path cwd, List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve(launcher).toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("FERRY_") || name.equals("DATABASE_URL"));
        builder.environment().putAll(env);
        return builder;
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    /** What the server printed so far (every start in this project folder). */
    public String log() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** Polls {@code /health} until its status is {@code status}; fails at once if the server ends. */
    public JsonNode awaitHealth(String status) throws Exception {
        JsonNode[] last = new JsonNode[1];
        Await.until("/health of the server on port " + port + " says " + status, () -> {
            try {
                last[0] = get("/health");
                return status.equals(last[0].path("status").asText());
            } catch (IOException notListeningYet) {
                return false;
            }
        });
        return last[0];
    }

    /** The JSON the server answers to {@code GET path}, whatever the status; fails at once if the server ended. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new AssertionError("the server ended with exit code " + process.exitValue() + ":\n" + log());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(5)).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /**
     * {@code ferry_snapshot_refreshes_total} on {@code /q/metrics}: the refreshes the server has completed, a count
     * that orders what a test saw against the server's checks without reading a clock.
     */
    public long refreshes() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new AssertionError("the server ended with exit code " + process.exitValue() + ":\n" + log());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        String metrics = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        Matcher counter = REFRESHES.matcher(metrics);
        if (!counter.find()) {
            throw new AssertionError("no ferry_snapshot_refreshes_total on /q/metrics:\n" + metrics);
        }
        return (long) Double.parseDouble(counter.group(1));
    }

    /** Ends the server as a supervisor does (SIGTERM) and waits until the process is gone. */
    public void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
    }

    /** SIGKILL: the server gets no chance to finish anything. Returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)).as("the server is gone after SIGKILL").isTrue();
        assertThat(process.isAlive()).isFalse();
    }

    /** For {@code @AfterEach}: SIGTERM, then SIGKILL if it has not ended in time. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
