package io.ferry.cli.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code db status}: the embedded PostgreSQL of a folder, running. When it is not, {@link Down} takes its
 * place; {@code db start} writes {@link Started}.
 *
 * @param kept whether {@code db start} keeps it running (otherwise it stops after the last command using it)
 */
public record ServerJson(boolean running, String state, long pid, int port, String dataDir, String url,
                         String user, String log, String startedAt, boolean kept) {

    public static ServerJson running(long pid, int port, String dataDir, String url, String user, String log,
                                     String startedAt, boolean kept) {
        return new ServerJson(true, "running", pid, port, dataDir, url, user, log, startedAt, kept);
    }

    /** {@code db start}: the server, and whether this command started it. */
    public record Started(@JsonUnwrapped ServerJson server, boolean startedNow) {
    }

    /**
     * Not running: {@code state} is starting, stopping, stopped or stale.
     *
     * @param pid the server's process id, when it is starting or stopping and has one
     * @param why for a stale server: what the pid file said, and why that is not a running server
     */
    public record Down(boolean running, @JsonInclude(JsonInclude.Include.NON_NULL) Long pid,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String why, String state, String dataDir) {

        public static Down of(Long pid, String why, String state, String dataDir) {
            return new Down(false, pid, why, state, dataDir);
        }
    }

    /** {@code db stop}: whether a server was stopped, and its process id when one was. */
    public record Stopped(boolean stopped, @JsonInclude(JsonInclude.Include.NON_NULL) Long pid) {
    }
}
