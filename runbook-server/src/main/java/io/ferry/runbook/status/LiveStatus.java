package io.ferry.runbook.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.runbook.checks.CheckResult;
import io.ferry.runbook.checks.Checks;
import io.ferry.runbook.snapshot.Snapshot;
import io.ferry.runbook.snapshot.SnapshotRefresher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The status document of each snapshot, written once when the snapshot is renewed (so that
 * {@code GET /api/status} only hands over a string), and the stream's subscribers, each sent a
 * {@code status} event when the state changes: the snapshot apart from when it was read and the database's
 * latency, or a check's status (a wait turning long).
 */
@ApplicationScoped
public class LiveStatus {

    /** The name of the stream's events. */
    public static final String EVENT = "status";

    private static final Logger LOG = Logger.getLogger(LiveStatus.class);

    /** A snapshot, its checks and its JSON. */
    private record Document(Snapshot snapshot, Map<String, CheckResult> checks, String json) {
    }

    private final ObjectMapper mapper;
    private final Checks checks;
    private final SnapshotRefresher snapshots;
    private volatile Document current;
    private Sse sse;
    private SseBroadcaster broadcaster;

    public LiveStatus(ObjectMapper mapper, Checks checks, SnapshotRefresher snapshots) {
        this.mapper = mapper;
        this.checks = checks;
        this.snapshots = snapshots;
    }

    /** Renews the document, and tells the subscribers when the state changed. Called on the refreshing thread. */
    synchronized void renewed(@Observes Snapshot snapshot) {
        Document previous = current;
        Document next = document(snapshot);
        current = next;
        if (broadcaster != null && !sameState(previous, next)) {
            broadcaster.broadcast(event(next.json()));
        }
    }

    /** The current status document, as JSON. */
    public String json() {
        Document d = current;
        if (d == null) {
            // No snapshot has been announced yet (the first is read as the server starts).
            d = document(snapshots.current());
        }
        return d.json();
    }

    /** Each check's result on the current snapshot. */
    public Map<String, CheckResult> checks() {
        Document d = current;
        return d == null ? checks.evaluate(snapshots.current()) : d.checks();
    }

    /** Sends the current document to {@code sink}, then every change, until the client goes. */
    public synchronized void subscribe(SseEventSink sink, Sse sse) {
        if (broadcaster == null) {
            this.sse = sse;
            broadcaster = sse.newBroadcaster();
            broadcaster.onError((s, e) -> LOG.debugf("a status stream ended: %s", e.getMessage()));
        }
        sink.send(event(json()));
        broadcaster.register(sink);
    }

    @PreDestroy
    synchronized void close() {
        if (broadcaster != null) {
            broadcaster.close();
        }
    }

    private OutboundSseEvent event(String json) {
        return sse.newEventBuilder().name(EVENT).data(json).build();
    }

    private static boolean sameState(Document a, Document b) {
        if (a == null || !a.snapshot().sameStateAs(b.snapshot())) {
            return false;
        }
        for (Map.Entry<String, CheckResult> e : b.checks().entrySet()) {
            CheckResult before = a.checks().get(e.getKey());
            if (before == null || before.status() != e.getValue().status()) {
                return false;
            }
        }
        return true;
    }

    private Document document(Snapshot snapshot) {
        Map<String, CheckResult> results = checks.evaluate(snapshot);
        ObjectNode root = mapper.createObjectNode();
        root.set("generatedAt", mapper.valueToTree(snapshot.generatedAt()));
        ObjectNode body = mapper.valueToTree(snapshot);
        body.remove("generatedAt");
        root.setAll(body);
        root.set("checks", mapper.valueToTree(results));
        try {
            return new Document(snapshot, results, mapper.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the status document", e);
        }
    }
}
