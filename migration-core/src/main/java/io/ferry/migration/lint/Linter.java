package io.ferry.migration.lint;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.sql.SqlStatement;
import io.ferry.migration.sql.SqlTokens;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

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
        // Splitting and tokenizing a revision's SQL needs nothing of the others, and with thousands of revisions it
        // is most of the work: done first, in parallel. A body that cannot be split fails the lint as a sequential
        // pass would: the first such revision in order.
        Object[] tokenized = new Object[revisions.size()];
        IntStream.range(0, revisions.size()).parallel().forEach(i -> {
            try {
                tokenized[i] = revisions.get(i).up() instanceof SqlBody body ? tokens(body) : List.of();
            } catch (RuntimeException e) {
                tokenized[i] = e;
            }
        });
        List<Finding> all = new ArrayList<>();
        List<List<SqlTokens>> earlier = new ArrayList<>();
        for (int i = 0; i < revisions.size(); i++) {
            if (tokenized[i] instanceof RuntimeException e) {
                throw e;
            }
            @SuppressWarnings("unchecked")
            List<SqlTokens> statements = (List<SqlTokens>) tokenized[i];
            Revision r = revisions.get(i);
            all.addAll(lint(r, statements, earlier));
            if (r.up() instanceof SqlBody) {
                earlier.add(statements);
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
        return lint(revision, revision.up() instanceof SqlBody body ? tokens(body) : List.of(), List.of());
    }

    private static List<SqlTokens> tokens(SqlBody body) {
        return body.statements().stream().map(SqlTokens::of).toList();
    }

    /**
     * The findings in the revision's up body, given its statements' tokens and those of the revisions linted before
     * it.
     */
    private List<Finding> lint(Revision revision, List<SqlTokens> statements, List<List<SqlTokens>> earlier) {
        if (!(revision.up() instanceof SqlBody body)) {
            return List.of();
        }
        List<SqlStatement> split = body.statements();
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
