package io.ferry.migration.lint;

import io.ferry.migration.sql.QualifiedName;
import io.ferry.migration.sql.SqlTokens;
import io.ferry.migration.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a rule knows while it checks one statement: the revision and its other statements, the database's facts
 * ({@link Catalog}), and where to report findings.
 */
public final class LintContext {

    private final String revision;
    private final String file;
    private final List<SqlTokens> statements;
    private final Catalog catalog;
    private final LintSettings settings;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Integer> findingStatements = new ArrayList<>();
    private int current;
    private LintRule rule;

    LintContext(String revision, String file, List<SqlTokens> statements, Catalog catalog, LintSettings settings) {
        this.revision = revision;
        this.file = file;
        this.statements = List.copyOf(statements);
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
     * ({@code CREATE [UNLOGGED] TABLE [IF NOT EXISTS] name}).
     */
    public boolean createdEarlier(QualifiedName table) {
        for (int i = 0; i < current; i++) {
            SqlTokens s = statements.get(i);
            int at = tableNameOfCreate(s);
            if (at >= 0 && s.name(at).map(n -> same(n, table)).orElse(false)) {
                return true;
            }
        }
        return false;
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
     * {@code lint.large-table} rows, else a warning (always a warning without a database).
     */
    public Severity bySize(QualifiedName table) {
        return catalog.table(table).filter(f -> f.rows() >= settings.largeTableRows()).isPresent()
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

    /** The index of the table name in a {@code CREATE ... TABLE} statement, or -1 for any other statement. */
    static int tableNameOfCreate(SqlTokens s) {
        if (!s.is(0, "create")) {
            return -1;
        }
        int i = 1;
        while (s.is(i, "unlogged") || s.is(i, "temporary") || s.is(i, "temp") || s.is(i, "global")
                || s.is(i, "local")) {
            i++;
        }
        if (!s.is(i, "table")) {
            return -1;
        }
        i++;
        if (s.matches(i, "if", "not", "exists")) {
            i += 3;
        }
        return i;
    }

    /** Two names of the same table; a name without a schema is taken to be in {@code public}. */
    public static boolean same(QualifiedName a, QualifiedName b) {
        return a.name().equals(b.name()) && a.schema().orElse("public").equals(b.schema().orElse("public"));
    }
}
