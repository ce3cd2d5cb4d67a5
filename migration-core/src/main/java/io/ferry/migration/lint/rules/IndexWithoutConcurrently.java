package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.lint.TableFacts;
import io.ferry.migration.sql.QualifiedName;
import io.ferry.migration.sql.SqlTokens;

/**
 * {@code CREATE INDEX} without {@code CONCURRENTLY} on a table that exists: it holds a SHARE lock, which blocks
 * every INSERT, UPDATE and DELETE on the table until the index is built. {@code CREATE INDEX ... ON ONLY parent}
 * builds nothing (an invalid index on the partitioned parent alone, made valid as partitions' indexes are attached)
 * and is not flagged; on a partitioned table, which cannot be indexed concurrently, the fix is to index each
 * partition concurrently and attach.
 */
public final class IndexWithoutConcurrently implements SizeAwareRule {

    /** The fix on a partitioned table, where CREATE INDEX CONCURRENTLY is not supported. */
    static final String PARTITIONED_FIX = "CREATE INDEX ... ON ONLY parent (builds nothing), then CREATE INDEX"
            + " CONCURRENTLY on each partition and ALTER INDEX parent_index ATTACH PARTITION partition_index";

    @Override
    public String id() {
        return "index-without-concurrently";
    }

    @Override
    public String title() {
        return "CREATE INDEX without CONCURRENTLY on an existing table blocks its writes while it builds";
    }

    @Override
    public String fix() {
        return "CREATE INDEX CONCURRENTLY in a revision of its own marked -- ferry:transactional false";
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        int i = 1;
        if (!s.is(0, "create")) {
            return;
        }
        if (s.is(i, "unique")) {
            i++;
        }
        if (!s.is(i, "index") || s.is(i + 1, "concurrently")) {
            return;
        }
        int on = s.findTop("on");
        if (on < 0) {
            return;
        }
        boolean only = s.is(on + 1, "only");
        QualifiedName table = s.name(only ? on + 2 : on + 1).orElse(null);
        if (table == null || !context.existing(table)) {
            return;
        }
        boolean partitioned = context.facts(table).map(TableFacts::partitioned).orElse(false);
        if (only && (partitioned || !context.catalog().connected())) {
            // ON ONLY a partitioned parent builds nothing (an invalid index that ATTACH PARTITION completes), and
            // cannot be CONCURRENTLY; without a database, ONLY says the author meant such a parent.
            return;
        }
        context.report(context.bySize(table), s.get(0), "builds an index on " + context.describe(table)
                + (partitioned ? " and each of its partitions" : "") + " without CONCURRENTLY: writes to the table"
                + " wait until it is built", partitioned ? PARTITIONED_FIX : fix());
    }
}
