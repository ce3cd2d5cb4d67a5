package io.ferry.migration.lint;

import io.ferry.migration.sql.QualifiedName;
import io.ferry.migration.sql.SqlTokens;
import io.ferry.migration.sql.Token;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What a rule knows while it checks one statement: the revision and its other statements, the database's facts
 * ({@link Catalog}), and where to report findings.
 */
public final class LintContext {

    private final String revision;
    private final String file;
    private final List<SqlTokens> statements;
    private final List<List<SqlTokens>> earlierRevisions;
    private final Catalog catalog;
    private final LintSettings settings;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Integer> findingStatements = new ArrayList<>();
    private int current;
    private LintRule rule;

    LintContext(String revision, String file, List<SqlTokens> statements, List<List<SqlTokens>> earlierRevisions,
                Catalog catalog, LintSettings settings) {
        this.revision = revision;
        this.file = file;
        this.statements = List.copyOf(statements);
        // A view, not a copy: the linter adds to the list only after this revision is done, and copying it for
        // each revision would cost the square of their number.
        this.earlierRevisions = Collections.unmodifiableList(earlierRevisions);
        this.catalog = catalog;
        this.settings = settings;
    }

    void at(int statement, LintRule checking) {
        this.current = statement;
        this.rule = checking;
    }

    List<Finding> findings() {
        return findings;
    }

    /** The index of the statement each finding (same position in {@link #findings}) was made on. */
    List<Integer> findingStatements() {
        return findingStatements;
    }

    /** The revision's id. */
    public String revision() {
        return revision;
    }

    /** Every statement of the revision's body, in order. */
    public List<SqlTokens> statements() {
        return statements;
    }

    /**
     * The statements of the revisions linted before this one in the same {@link Linter#lint(List)} call (pending
     * revisions that run first), one list per revision, in order; empty when the revision is linted alone. Unlike
     * {@link #createdEarlier}, which looks in this revision only, a rule may use them for a pattern that spans
     * revisions, such as a check constraint validated in an earlier revision.
     */
    public List<List<SqlTokens>> earlierRevisions() {
        return earlierRevisions;
    }

    /** The index of the statement being checked in {@link #statements()}. */
    public int index() {
        return current;
    }

    public Catalog catalog() {
        return catalog;
    }

    public LintSettings settings() {
        return settings;
    }

    /**
     * True when a statement before the current one in this revision creates {@code table}
     * ({@code CREATE [UNLOGGED] TABLE name}). A {@code CREATE TABLE IF NOT EXISTS} creates it only when the database
     * is read and does not have it; without a database the table may well exist already, so it does not count.
     */
    public boolean createdEarlier(QualifiedName table) {
        for (int i = 0; i < current; i++) {
            SqlTokens s = statements.get(i);
            Optional<CreateTable> create = CreateTable.of(s);
            if (create.isPresent() && s.name(create.get().name()).map(n -> same(n, table)).orElse(false)
                    && creates(create.get().ifNotExists(), () -> catalog.table(table).isPresent())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a {@code CREATE} creates its object: always without {@code IF NOT EXISTS}; with it, only when the
     * database is read and does not have the object ({@code exists} asks it).
     */
    public boolean creates(boolean ifNotExists, BooleanSupplier exists) {
        return !ifNotExists || (catalog.connected() && !exists.getAsBoolean());
    }

    /**
     * True when {@code table} holds rows the statement must deal with: it is not created earlier in this revision,
     * and, when the database is known, it exists there. Without a database every such table is taken to exist.
     */
    public boolean existing(QualifiedName table) {
        return !createdEarlier(table) && (!catalog.connected() || catalog.table(table).isPresent());
    }

    /** The table's facts, when the database is known and has it. */
    public Optional<TableFacts> facts(QualifiedName table) {
        return catalog.table(table);
    }

    /**
     * The severity of a size-aware finding on {@code table}: an error when the database shows at least
     * {@code lint.large-table} rows (or, for a table never analysed, at least that many times
     * {@link TableFacts#BYTES_PER_ROW} bytes), else a warning (always a warning without a database).
     */
    public Severity bySize(QualifiedName table) {
        return catalog.table(table).filter(f -> f.large(settings.largeTableRows())).isPresent()
                ? Severity.ERROR : Severity.WARNING;
    }

    /** {@code documents (12M rows, 9.8 GB)} when the database has the table, else its name. */
    public String describe(QualifiedName table) {
        return catalog.table(table).map(TableFacts::describe).orElse(table.toString());
    }

    /** Reports a finding of the rule being run at {@code at}, with the rule's own fix. */
    public void report(Severity severity, Token at, String message) {
        report(severity, at, message, rule.fix());
    }

    /** Reports a finding of the rule being run at {@code at}. */
    public void report(Severity severity, Token at, String message, String fix) {
        Optional<Severity> resolved = settings.severity(rule, severity);
        if (resolved.isEmpty()) {
            return;
        }
        SqlTokens s = statements.get(current);
        Token where = at != null ? at : s.get(0);
        int line = where == null ? s.statement().line() : s.line(where);
        int column = where == null ? s.statement().column() : s.column(where);
        findings.add(new Finding(rule.id(), resolved.get(), revision, file, line, column, message, fix,
                Optional.empty()));
        findingStatements.add(current);
    }

    /** Two names of the same table; a name without a schema is taken to be in {@code public}. */
    public static boolean same(QualifiedName a, QualifiedName b) {
        return a.name().equals(b.name()) && a.schema().orElse("public").equals(b.schema().orElse("public"));
    }
}
