package io.ferry.alerts;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The spool folder: the outbox of deliveries, kept on disk so that nothing is lost when the process dies or
 * the database is down.
 *
 * <pre>
 * pending/&lt;id&gt;.json    one per delivery not yet accepted nor given up, with its body
 * delivered/&lt;id&gt;.json  the most recent deliveries accepted ({@value #KEEP_DELIVERED} at most), without bodies
 * dead/&lt;id&gt;.json       the most recent given up or not sent to a disabled sink ({@value #KEEP_DEAD} at most)
 * disabled/&lt;sink&gt;.json a sink that answered 410, with the fingerprint of the settings it answered to
 * resend/&lt;digest&gt;.json the firing alerts Alertmanager sinks must be sent again, one per sink and key
 * occurrences/&lt;digest&gt;.json per sink and key: how many times it fired again after a resolve, and whether
 *                   its latest occurrence is resolved
 * lock              held while a dispatcher uses the folder
 * </pre>
 *
 * Every write is durable (see {@link AtomicFiles}). The index of ids lives in memory, read at opening.
 */
final class Spool implements AutoCloseable {

    static final int KEEP_DELIVERED = 1000;
    static final int KEEP_DEAD = 1000;
    private static final System.Logger LOG = System.getLogger(Spool.class.getName());
    private static final Comparator<SpoolEntry> BY_SEQ = Comparator.comparingLong(SpoolEntry::seq);

    private final Path root;
    private final Path pending;
    private final Path delivered;
    private final Path dead;
    private final Path disabled;
    private final Path resend;
    private final Path occurrences;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private final Map<String, SpoolEntry> pendingById = new HashMap<>();
    /** Oldest first. */
    private final LinkedHashMap<String, SpoolEntry> deliveredById = new LinkedHashMap<>();
    /** Oldest first. */
    private final LinkedHashMap<String, SpoolEntry> deadById = new LinkedHashMap<>();
    private final Map<String, SpoolEntry> resends = new LinkedHashMap<>();
    private final Map<String, Occurrence> occurrenceByName = new HashMap<>();
    private long lastSeq;

    private Spool(Path root) {
        this.root = root;
        this.pending = root.resolve("pending");
        this.delivered = root.resolve("delivered");
        this.dead = root.resolve("dead");
        this.disabled = root.resolve("disabled");
        this.resend = root.resolve("resend");
        this.occurrences = root.resolve("occurrences");
        for (Path folder : List.of(root, pending, delivered, dead, disabled, resend, occurrences)) {
            AtomicFiles.createFolder(folder);
        }
        try {
            this.lockChannel = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock held;
            try {
                held = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                held = null;
            }
            if (held == null) {
                lockChannel.close();
                throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "the alert spool " + root
                        + " is in use by another dispatcher", "run one runbook server per project folder, or stop"
                        + " the other one first");
            }
            this.lock = held;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the alert spool " + root + ": " + e.getMessage(), e);
        }
    }

    /** Opens the folder (creating it when missing), takes its lock and reads what it holds. */
    static Spool open(Path root) {
        Spool spool = new Spool(root);
        spool.load();
        return spool;
    }

    private void load() {
        List<SpoolEntry> finished = new ArrayList<>();
        finished.addAll(read(delivered));
        finished.addAll(read(dead));
        finished.sort(SpoolEntry.BY_UPDATE);
        for (SpoolEntry entry : finished) {
            (entry.status().equals(SpoolEntry.DELIVERED) ? deliveredById : deadById).put(entry.id(), entry);
            lastSeq = Math.max(lastSeq, entry.seq());
        }
        for (SpoolEntry entry : read(pending)) {
            if (deliveredById.containsKey(entry.id()) || deadById.containsKey(entry.id())) {
                // The process died between recording the outcome and removing the pending file.
                AtomicFiles.delete(pendingFile(entry.id()));
            } else {
                pendingById.put(entry.id(), entry);
                lastSeq = Math.max(lastSeq, entry.seq());
            }
        }
        for (SpoolEntry entry : read(resend)) {
            resends.put(resendName(entry.sink(), entry.key()), entry);
        }
        readOccurrences();
    }

    private void readOccurrences() {
        read(occurrences, node -> occurrenceByName.put(resendName(node.path("sink").asText(),
                node.path("key").asText()), new Occurrence(node.path("number").asInt(),
                node.path("resolved").asBoolean())));
    }

    /** The entries of a folder; leftovers of interrupted writes are removed, unreadable files set aside. */
    private static List<SpoolEntry> read(Path folder) {
        List<SpoolEntry> entries = new ArrayList<>();
        read(folder, node -> entries.add(SpoolEntry.fromJson(node)));
        return entries;
    }

    /** Hands each JSON file of a folder to {@code reader}, as {@link #read(Path)} does. */
    private static void read(Path folder, Consumer<JsonNode> reader) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(".json")) {
                    try {
                        reader.accept(JsonValues.MAPPER.readTree(file.toFile()));
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.WARNING, "alert spool: cannot read " + file + " (" + e.getMessage()
                                + "); it is kept as " + name + ".unreadable");
                        Files.move(file, file.resolveSibling(name + ".unreadable"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the alert spool " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The pending deliveries, in the order they were spooled. */
    synchronized List<SpoolEntry> pending() {
        return pendingById.values().stream().sorted(BY_SEQ).toList();
    }

    /** The delivered and given-up ones on record, oldest first. */
    synchronized List<SpoolEntry> finished() {
        List<SpoolEntry> all = new ArrayList<>(deliveredById.values());
        all.addAll(deadById.values());
        all.sort(SpoolEntry.BY_UPDATE);
        return all;
    }

    /** True when the delivery is pending or on record: sending it again changes nothing. */
    synchronized boolean knows(String id) {
        return pendingById.containsKey(id) || deliveredById.containsKey(id) || deadById.containsKey(id);
    }

    synchronized long nextSeq() {
        return ++lastSeq;
    }

    /** Writes a new or retried delivery durably. */
    void savePending(SpoolEntry entry) {
        AtomicFiles.write(pendingFile(entry.id()), bytes(entry));
        synchronized (this) {
            pendingById.put(entry.id(), entry);
        }
    }

    /**
     * Records the outcome of a delivery that will not be tried again, then forgets it as pending. A dead one
     * keeps its only copy of the body, so it is written durably; the record of a delivered one is not forced
     * to disk: losing it in a power cut costs at most a repeated delivery.
     */
    void finish(SpoolEntry entry) {
        boolean accepted = entry.status().equals(SpoolEntry.DELIVERED);
        Path folder = accepted ? delivered : dead;
        if (accepted) {
            AtomicFiles.writeLightly(folder.resolve(entry.id() + ".json"), bytes(entry));
        } else {
            AtomicFiles.write(folder.resolve(entry.id() + ".json"), bytes(entry));
        }
        AtomicFiles.delete(pendingFile(entry.id()));
        List<String> dropped = new ArrayList<>();
        synchronized (this) {
            pendingById.remove(entry.id());
            LinkedHashMap<String, SpoolEntry> record = accepted ? deliveredById : deadById;
            record.put(entry.id(), entry);
            int keep = accepted ? KEEP_DELIVERED : KEEP_DEAD;
            while (record.size() > keep) {
                String oldest = record.keySet().iterator().next();
                record.remove(oldest);
                dropped.add(oldest);
            }
        }
        for (String id : dropped) {
            AtomicFiles.deleteLightly(folder.resolve(id + ".json"));
        }
    }

    /** Why the sink is disabled (it answered 410 to these very settings), or null. */
    String disabledBecause(SinkSettings sink) {
        return disabledBecause(root, sink);
    }

    /** The same, read from a spool folder without opening it (for {@code ferry alerts list}). */
    static String disabledBecause(Path root, SinkSettings sink) {
        Path file = root.resolve("disabled").resolve(sink.name() + ".json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode node = JsonValues.MAPPER.readTree(file.toFile());
            return sink.fingerprint().equals(node.path("fingerprint").asText())
                    ? node.path("reason").asText() + " since " + node.path("since").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Keeps the sink disabled while its settings stay what they are. */
    void disable(SinkSettings sink, String reason, Instant now) {
        ObjectNode node = JsonValues.object().put("sink", sink.name()).put("fingerprint", sink.fingerprint())
                .put("reason", reason).put("since", now.toString());
        AtomicFiles.write(disabled.resolve(sink.name() + ".json"), JsonValues.write(node).getBytes(UTF_8));
    }

    /** Forgets the disabled state of sinks whose settings changed or that are gone. */
    void enableChanged(List<SinkSettings> sinks) {
        try (Stream<Path> files = Files.list(disabled)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                SinkSettings sink = sinks.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
                if (sink == null || disabledBecause(sink) == null) {
                    AtomicFiles.delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + disabled + ": " + e.getMessage(), e);
        }
    }

    /** The firing alerts to send again, one per sink and key. */
    synchronized List<SpoolEntry> resends() {
        return List.copyOf(resends.values());
    }

    /** Sends this firing alert again until {@link #forgetResend} (the body is the one delivered). */
    void rememberResend(SpoolEntry firing) {
        String name = resendName(firing.sink(), firing.key());
        AtomicFiles.write(resend.resolve(name + ".json"), bytes(firing));
        synchronized (this) {
            resends.put(name, firing);
        }
    }

    void forgetResend(String sink, String key) {
        String name = resendName(sink, key);
        synchronized (this) {
            if (resends.remove(name) == null) {
                return;
            }
        }
        AtomicFiles.delete(resend.resolve(name + ".json"));
    }

    /** The firing alert {@code key} the sink is sent again, as delivered; null when it is not (any more). */
    synchronized SpoolEntry resending(String sink, String key) {
        return resends.get(resendName(sink, key));
    }

    /** True when the sink has this firing alert in its resends. */
    synchronized boolean resends(String sink, String key) {
        return resends.containsKey(resendName(sink, key));
    }

    /**
     * The latest occurrence of the alert {@code key} for {@code sink}: 0 until it fires again after a resolve.
     * The ids of its deliveries include it, so that firing again after a resolve is a new delivery.
     */
    synchronized Occurrence occurrence(String sink, String key) {
        return occurrenceByName.getOrDefault(resendName(sink, key), Occurrence.FIRST);
    }

    /** Records the latest occurrence durably, before the delivery it numbers is spooled. */
    void saveOccurrence(String sink, String key, Occurrence occurrence) {
        String name = resendName(sink, key);
        synchronized (this) {
            if (occurrence.equals(occurrenceByName.get(name))) {
                return;
            }
        }
        ObjectNode node = JsonValues.object().put("sink", sink).put("key", key).put("number", occurrence.number())
                .put("resolved", occurrence.resolved());
        AtomicFiles.write(occurrences.resolve(name + ".json"), JsonValues.write(node).getBytes(UTF_8));
        synchronized (this) {
            occurrenceByName.put(name, occurrence);
        }
    }

    /**
     * The occurrence of an alert for a sink: its number and whether its resolve was spooled.
     *
     * @param number   0 at first, one more each time the alert fires after a resolve
     * @param resolved true once its resolve was spooled: the next firing is the next occurrence
     */
    record Occurrence(int number, boolean resolved) {

        static final Occurrence FIRST = new Occurrence(0, false);

        /** The occurrence a firing belongs to: this one, or the next when this one is resolved. */
        Occurrence firing() {
            return resolved ? new Occurrence(number + 1, false) : this;
        }

        Occurrence resolve() {
            return new Occurrence(number, true);
        }
    }

    private static String resendName(String sink, String key) {
        return DeliveryIds.digest(sink, key);
    }

    private Path pendingFile(String id) {
        return pending.resolve(id + ".json");
    }

    private static byte[] bytes(SpoolEntry entry) {
        return JsonValues.write(entry.toJson()).getBytes(UTF_8);
    }

    /** Releases the folder's lock; what is pending stays. */
    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "alert spool: cannot release the lock of " + root + ": " + e.getMessage());
        }
    }
}
