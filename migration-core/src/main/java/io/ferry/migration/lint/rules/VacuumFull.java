package io.ferry.migration.lint.rules;

import io.ferry.migration.lint.LintContext;
import io.ferry.migration.sql.SqlTokens;
import java.util.List;

/**
 * {@code VACUUM FULL}: it writes a new copy of the table and its indexes under an ACCESS EXCLUSIVE lock, so nothing
 * reads or writes the table until it is done, and it needs room on disk for the copy. Without a table it does so
 * for every table of the database.
 */
public final class VacuumFull implements SizeAwareRule {

    @Override
    public String id() {
        return "vacuum-full";
    }

    @Override
    public String title() {
        return "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock";
    }

    @Override
    public String fix() {
        return "reclaim space outside migrations: pg_repack rewrites without the long lock; plain VACUUM needs none";
    }

    @Override
    public void check(SqlTokens s, LintContext context) {
        if (!s.is(0, "vacuum")) {
            return;
        }
        int i = 1;
        boolean full = false;
        if (s.get(i) != null && s.get(i).isSymbol("(")) {
            full = TargetNames.option(s, i, "full");
            i = s.closing(i) + 1;
        } else {
            while (s.is(i, "full") || s.is(i, "freeze") || s.is(i, "verbose") || s.is(i, "analyze")
                    || s.is(i, "analyse")) {
                full |= s.is(i, "full");
                i++;
            }
        }
        if (!full) {
            return;
        }
        List<TargetNames.Target> tables = TargetNames.list(s, i, s.size());
        if (tables.isEmpty()) {
            context.report(TargetNames.wholeDatabase(context), s.get(0), "VACUUM FULL without a table rewrites every"
                    + " table of the database, each under an ACCESS EXCLUSIVE lock");
        }
        for (TargetNames.Target t : tables) {
            if (context.existing(t.name())) {
                context.report(context.bySize(t.name()), t.at(), "VACUUM FULL rewrites " + context.describe(t.name())
                        + " under an ACCESS EXCLUSIVE lock: reads and writes wait until the copy is done");
            }
        }
    }
}
