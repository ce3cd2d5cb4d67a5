package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.sql.QualifiedName;
import io.ferry.migration.sql.SqlTokens;
import java.util.Optional;

/**
 * {@code CLUSTER}: it writes the table again in the order of an index, holding an ACCESS EXCLUSIVE lock on it all
 * the while, so nothing reads or writes the table until it is done. Without a table it reclusters every table that
 * was clustered before.
 */
public final class Cluster implements SizeAwareRule {

    @Override
    public String id() {
        return "cluster";
    }

    @Override
    public String title() {
        return "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock";
    }

    @Override
    public String fix() {
        return "reorder outside migrations with pg_repack and its order-by option, which does not hold the lock while it copies";
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        if (!s.is(0, "cluster")) {
            return;
        }
        int i = 1;
        if (s.get(i) != null && s.get(i).isSymbol("(")) {
            i = s.closing(i) + 1;
        }
        if (s.is(i, "verbose")) {
            i++;
        }
        int on = s.findTop("on"); // the old spelling: CLUSTER index ON table
        Optional<QualifiedName> table = s.name(on >= 0 ? on + 1 : i);
        if (table.isEmpty()) {
            context.report(TargetNames.wholeDatabase(context), s.get(0), "CLUSTER without a table rewrites every"
                    + " table clustered before, each under an ACCESS EXCLUSIVE lock");
        } else if (context.existing(table.get())) {
            context.report(context.bySize(table.get()), s.get(0), "CLUSTER rewrites " + context.describe(table.get())
                    + " under an ACCESS EXCLUSIVE lock: reads and writes wait until the copy is done");
        }
    }
}
