package io.ferry.migration.lint;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.sql.SqlTokens;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Checks the SQL of revisions with lint rules (Ferry's are {@link io.ferry.migration.lint.rules.Rules#all()}). Reads nothing but the revisions and, through
 * its {@link Catalog}, the database's catalog; changes nothing.
 */
public final class Linter {

    /** The rule id of a {@code ferry:lint-ignore} comment that gives no rule or no reason. */
    public static final String IGNORE_WITHOUT_REASON = "lint-ignore-without-reason";

    private final List<LintRule> rules;
    private final LintSettings settings;
    private final Catalog catalog;

    public Linter(List<LintRule> rules, LintSettings settings, Catalog catalog) {
        this.rules = List.copyOf(rules);
        this.settings = settings;
        this.catalog = catalog;
    }

    /**
     * The findings in each revision's up body, in order of revision, then line and column. The revisions are taken
     * to run in this order: each one's rules see the statements of those before it
     * ({@link LintContext#earlierRevisions()}).
     */
    public List<Finding> lint(List<Revision> revisions) {
        List<Finding> all = new ArrayList<>();
        List<List<SqlTokens>> earlier = new ArrayList<>();
        for (Revision r : revisions) {
            all.addAll(lint(r, earlier));
            if (r.up() instanceof SqlBody body) {
                earlier.add(tokens(body));
            }
        }
        return all;
    }

    /**
     * The findings in the revision's up body (its SQL; a Java migration has none to read).
     *
     * @throws io.ferry.migration.api.FerryException when the body's SQL cannot be split (an unclosed quote)
     */
    public List<Finding> lint(Revision revision) {
        return lint(revision, List.of());
    }

    private static List<SqlTokens> tokens(SqlBody body) {
        return body.statements().stream().map(SqlTokens::of).toList();
    }

    /** The findings in the revision's up body, the statements of revisions linted before it in hand. */
    private List<Finding> lint(Revision revision, List<List<SqlTokens>> earlier) {
        if (!(revision.up() instanceof SqlBody body)) {
            return List.of();
        }
        List<SqlStatement> split = body.statements();
        List<SqlTokens> statements = tokens(body);
        LintContext context = new LintContext(revision.id(), revision.origin(), statements, earlier, catalog,
                settings);
        for (int i = 0; i < statements.size(); i++) {
            for (LintRule rule : rules) {
                if (settings.enabled(rule)) {
                    context.at(i, rule);
                    rule.check(statements.get(i), context);
                }
            }
        }
        List<Suppression> suppressions = Suppression.read(body.sql(), body.firstLine());
        List<Finding> result = new ArrayList<>();
        List<Finding> found = context.findings();
        for (int k = 0; k < found.size(); k++) {
            int statement = context.findingStatements().get(k);
            int from = statement == 0 ? body.firstLine() : split.get(statement - 1).lastLine() + 1;
            int to = split.get(statement).lastLine();
            Finding f = found.get(k);
            Optional<Suppression> covering = suppressions.stream().filter(Suppression::hasReason)
                    .filter(s -> s.line() >= from && s.line() <= to && s.rules().contains(f.rule())).findFirst();
            result.add(covering.map(s -> new Finding(f.rule(), f.severity(), f.revision(), f.file(), f.line(),
                    f.column(), f.message(), f.fix(), Optional.of(s.reason()))).orElse(f));
        }
        for (Suppression s : suppressions) {
            if (!s.hasReason()) {
                result.add(new Finding(IGNORE_WITHOUT_REASON, Severity.ERROR, revision.id(), revision.origin(), s.line(),
                        s.column(), s.rules().isEmpty() ? "a ferry:lint-ignore comment names no rule"
                                : "a ferry:lint-ignore comment gives no reason, so it suppresses nothing",
                        "write it as -- ferry:lint-ignore RULE why it is safe here", Optional.empty()));
            }
        }
        result.sort(Comparator.comparingInt(Finding::line).thenComparingInt(Finding::column));
        return result;
    }
}
