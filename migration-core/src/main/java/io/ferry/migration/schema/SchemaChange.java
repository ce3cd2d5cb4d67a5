package io.ferry.migration.schema;

import java.util.List;
import java.util.Objects;

/**
 * One step of the way from one schema to another, and back.
 *
 * <p>A diff's changes are ordered: running every change's {@link #forwardSql()} in list order turns the
 * first snapshot's schema into the second's; running every change's {@link #reverseSql()} in the reverse
 * order turns it back. One of the two may be empty: a view that must be dropped and created again around
 * a change made one way only, say.
 *
 * @param kind             what kind of object it is about
 * @param action           whether the object is created, dropped or altered going forward
 * @param object           the object's name, schema-qualified ({@code public.documents.url} for a column)
 * @param description      one line for people: {@code index documents_created_at_idx is missing},
 *                         {@code column sources.url: default differs}
 * @param forwardSql       the statements going from the first snapshot to the second, without semicolons
 * @param reverseSql       the statements going back
 * @param difference       true for the changes that are differences between the snapshots; false for the
 *                         steps that make room for them (an object dropped to be created again, a view
 *                         rebuilt because a column it reads changes type, a sequence released by its
 *                         column)
 * @param losesData        whether the forward statements can lose data: a dropped table or column, a type
 *                         that cannot hold every value of the old one, an enum value removed
 * @param reverseLosesData whether the reverse statements can
 * @param transactional    false when a statement of either direction cannot share a transaction with the
 *                         others: {@code CREATE INDEX CONCURRENTLY}, and {@code ALTER TYPE ... ADD VALUE},
 *                         whose new value no statement of the same transaction may use
 */
public record SchemaChange(ObjectKind kind, Action action, String object, String description,
                           List<String> forwardSql, List<String> reverseSql, boolean difference,
                           boolean losesData, boolean reverseLosesData, boolean transactional) {

    public SchemaChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(description, "description");
        forwardSql = List.copyOf(forwardSql);
        reverseSql = List.copyOf(reverseSql);
    }

    /** What a change does to its object, going forward. */
    public enum Action {
        /** The object is missing from the first snapshot (or is created again). */
        CREATE,
        /** The object is missing from the second snapshot (or is dropped to be created again). */
        DROP,
        /** The object is in both, and changes in place. */
        ALTER
    }
}
