package io.ferry.runbook.alerts;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ferry.alerts.Alert;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Where an {@link AlertBook} keeps itself: one JSON file ({@code .ferry/alerts/state.json} under the project),
 * replaced whole and atomically (written beside it, flushed to disk, then moved over it), so a crash leaves either
 * the old state or the new one. A file that cannot be read is logged and taken as empty; one that cannot be
 * written is logged, and the server goes on with the state it holds.
 */
public final class BookFile {

    /** The file, under the project's folder. */
    public static final Path FILE = Path.of(".ferry", "alerts", "state.json");

    /** What is saved: the alerts firing and the recently resolved ones. */
    public record State(List<Alert> active, List<Alert> resolved) {

        public State {
            active = active == null ? List.of() : List.copyOf(active);
            resolved = resolved == null ? List.of() : List.copyOf(resolved);
        }
    }

    private static final Logger LOG = Logger.getLogger(BookFile.class);
    private static final JsonMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Path path;

    public BookFile(Path path) {
        this.path = path;
    }

    State read() {
        if (!Files.exists(path)) {
            return new State(List.of(), List.of());
        }
        try {
            return JSON.readValue(path.toFile(), State.class);
        } catch (IOException e) {
            LOG.warnf("The alerts' state in %s cannot be read (%s): starting with no alert firing", path,
                    e.getMessage());
            return new State(List.of(), List.of());
        }
    }

    void write(State state) {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            Files.createDirectories(path.getParent());
            Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.errorf("The alerts' state cannot be written to %s: %s; a restart may send alerts again", path,
                    e.getMessage());
        }
    }
}
