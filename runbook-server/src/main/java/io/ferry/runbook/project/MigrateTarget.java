package io.ferry.runbook.project;

import java.util.Locale;

/**
 * What the start-up run and the retry upgrade to ({@code --migrate-target}, {@code FERRY_MIGRATE_TARGET},
 * {@code ferry.migrate-target}): {@code head}, the project's one head (a project with several heads then fails
 * with {@code multiple-heads}, as {@code ferry upgrade head} does), or {@code heads}, every head of every branch.
 */
public enum MigrateTarget {
    HEAD, HEADS;

    /** The default when nothing names one. */
    public static final MigrateTarget DEFAULT = HEAD;

    /** The target as {@code ferry upgrade} takes it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code head} or {@code heads}.
     *
     * @throws IllegalArgumentException for anything else, saying what it takes
     */
    public static MigrateTarget parse(String value) {
        String given = value == null ? "" : value.strip();
        for (MigrateTarget target : values()) {
            if (target.id().equals(given)) {
                return target;
            }
        }
        throw new IllegalArgumentException("'" + given + "' is not a start-up target: give head (the project's one"
                + " head) or heads (every head, for a project with several branches)");
    }

    @Override
    public String toString() {
        return id();
    }
}
