package io.ferry.migration.graph;

import java.util.Optional;

/**
 * A parsed target expression, in Alembic's grammar. Parsing only checks the form; what a target means
 * depends on the graph and on the database's current heads, and {@link RevisionGraph} works that out.
 *
 * <pre>
 *   head            the single head (an error when there are several)
 *   heads           every head
 *   base            nothing applied
 *   ae1027a6acf     a full id, or a unique prefix of at least 4 characters
 *   +2, -1          relative to the database's current head
 *   ae10+2, head-1  relative to a revision
 *   shop@head       the head of the branch labelled shop
 *   shop@heads      every head of that branch's lineage
 *   shop@base       below the bases of that branch's lineage
 *   shop@ae10       a revision, checked to share that branch's lineage
 *   shop@+1, shop@-1  relative to the database's position on that lineage
 *   shop@base+2     the second revision of that lineage, counted from its base
 * </pre>
 *
 * <p>Where a label goes, a revision id may stand instead ({@code ae10@base}): it selects the lineage
 * of that revision, as in Alembic. A lineage is a revision with its ancestors and descendants through
 * {@code revises} ({@link RevisionGraph#lineage}).
 */
public sealed interface Target {

    /** The text the target was parsed from, for messages. */
    String text();

    /** {@code head}: the one head of the graph. */
    record Head(String text) implements Target {
    }

    /** {@code heads}: every head of the graph. */
    record Heads(String text) implements Target {
    }

    /** {@code base}: nothing applied. */
    record Base(String text) implements Target {
    }

    /** A revision id or a unique prefix of one. */
    record Ref(String text, String ref) implements Target {
    }

    /** {@code label@head}. */
    record BranchHead(String text, String label) implements Target {
    }

    /** {@code label@heads}. */
    record BranchHeads(String text, String label) implements Target {
    }

    /** {@code label@base}. */
    record BranchBase(String text, String label) implements Target {
    }

    /** {@code label@rev}. */
    record BranchRef(String text, String label, String ref) implements Target {
    }

    /**
     * A relative step: {@code +N}/{@code -N} from the current heads when there is no anchor,
     * otherwise from the anchor ({@code head}, {@code base} or a revision reference).
     */
    record Relative(String text, Optional<String> label, Optional<String> anchor, int steps) implements Target {
    }

    /** Parses a target expression, or fails with {@code INVALID_TARGET} saying what is wrong. */
    static Target parse(String text) {
        return TargetParser.parse(text);
    }
}
