package io.ferry.migration.graph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One node of the revision graph: a change to the schema that can be applied, and, when it has a down
 * body, reverted.
 *
 * @param id               the revision's identifier, letters, digits and underscores only
 * @param parents          the revisions this one follows (none: a base; two or more: a merge)
 * @param dependsOn        revisions that must be applied first although they are not parents
 * @param branchLabels     names declared on this revision for the branch it starts or stands on
 * @param message          a one-line description
 * @param up               what applying the revision does
 * @param down             what reverting it does; empty when the revision cannot be reverted
 * @param transactional    whether the revision runs in one transaction (the default)
 * @param statementTimeout a {@code statement_timeout} for this revision's statements, if declared
 * @param checksum         a fingerprint of the revision's source, to notice edits after it was applied
 * @param origin           where it came from, as shown to people: a file path or a class name
 */
public record Revision(
        String id,
        List<String> parents,
        List<String> dependsOn,
        Set<String> branchLabels,
        String message,
        Body up,
        Optional<Body> down,
        boolean transactional,
        Optional<Duration> statementTimeout,
        String checksum,
        String origin) {

    public Revision {
        Objects.requireNonNull(id, "id");
        parents = List.copyOf(parents);
        dependsOn = List.copyOf(dependsOn);
        branchLabels = Collections.unmodifiableSet(new LinkedHashSet<>(branchLabels));
        message = message == null ? "" : message;
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        checksum = checksum == null ? "" : checksum;
        origin = origin == null ? id : origin;
    }

    /**
     * The id's hash: equal revisions have equal ids, and sets of revisions (the graph's walks use many) need
     * not hash each revision's message, labels and SQL text.
     */
    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** The longest revision id: what {@code ferry_version.version_num} holds. */
    public static final int MAX_ID_LENGTH = 64;

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** True when the revision has no parents. */
    public boolean isBase() {
        return parents.isEmpty();
    }

    /** True when the revision joins two or more lines of history. */
    public boolean isMerge() {
        return parents.size() > 1;
    }

    /** True when the revision has a down body. */
    public boolean isReversible() {
        return down.isPresent();
    }

    @Override
    public String toString() {
        return id + (message.isEmpty() ? "" : " (" + message + ")");
    }

    /** Builds a revision; everything but the id is optional (an empty, reversible base by default). */
    public static final class Builder {
        private final String id;
        private final List<String> parents = new ArrayList<>();
        private final List<String> dependsOn = new ArrayList<>();
        private final Set<String> branchLabels = new LinkedHashSet<>();
        private String message = "";
        private Body up = new SqlBody("", 1, List.of());
        private Optional<Body> down = Optional.of(new SqlBody("", 1, List.of()));
        private boolean transactional = true;
        private Optional<Duration> statementTimeout = Optional.empty();
        private String checksum = "";
        private String origin;

        private Builder(String id) {
            this.id = id;
        }

        public Builder parents(String... ids) {
            parents.addAll(List.of(ids));
            return this;
        }

        public Builder dependsOn(String... ids) {
            dependsOn.addAll(List.of(ids));
            return this;
        }

        public Builder branchLabels(String... labels) {
            branchLabels.addAll(List.of(labels));
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder up(Body up) {
            this.up = up;
            return this;
        }

        public Builder down(Body down) {
            this.down = Optional.ofNullable(down);
            return this;
        }

        public Builder transactional(boolean transactional) {
            this.transactional = transactional;
            return this;
        }

        public Builder statementTimeout(Duration timeout) {
            this.statementTimeout = Optional.ofNullable(timeout);
            return this;
        }

        public Builder checksum(String checksum) {
            this.checksum = checksum;
            return this;
        }

        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        public Revision build() {
            return new Revision(id, parents, dependsOn, branchLabels, message, up, down, transactional,
                    statementTimeout, checksum, origin);
        }
    }
}
