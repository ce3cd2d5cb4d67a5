package io.ferry.migration.exec;

import io.ferry.migration.api.BlockingSession;
import io.ferry.migration.api.Durations;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.sql.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;

/**
 * Tells what the database refused, by SQLSTATE and by what the database looks like right after, and turns
 * it into the Ferry error that says how to get past it: a missing privilege names the {@code GRANT}, a
 * lock conflict the sessions in the way and the statement that ends them, a read-only database whether
 * it is a replica, an object that exists on a database Ferry never ran on that it may have been built
 * by hand. Anything else stays {@code migration-failed}, with PostgreSQL's message.
 *
 * <p>The questions it asks run on the revision's own connection, after its transaction was rolled back;
 * when that connection cannot answer, the error says less, never something else.
 */
public final class StatementFailures {

    static final String DISK_FULL = "53100";
    static final String OUT_OF_MEMORY = "53200";
    /** {@code duplicate_table}, {@code duplicate_column}, {@code duplicate_object}. */
    static final Set<String> ALREADY_EXISTS = Set.of("42P07", "42701", "42710");

    private static final Pattern PROCESS = Pattern.compile("(?i)\\bprocess (\\d+)");
    private static final Pattern NOWAIT = Pattern.compile("(?i)\\bNOWAIT\\b");

    private final Connection work;
    private final ExecutionSettings settings;

    StatementFailures(Connection work, ExecutionSettings settings) {
        this.work = work;
        this.settings = settings;
    }

    /**
     * A failed statement of a revision, as the executor saw it.
     *
     * @param failedAt    the start of the message: "upgrade of X failed at file:12"
     * @param statement   the statement, or null when it was not one of the revision's (its record, a hook)
     * @param consequence what stays applied: the revision was rolled back, or which statements ran
     * @param attempts    how many times it was tried (more than one after lock timeouts)
     * @param elapsed     since the first attempt
     * @param blockers    who blocked it, as last sampled while it waited
     */
    record Failure(String failedAt, PlannedStep step, SqlStatement statement, SQLException error, Remedy consequence,
                   int attempts, Duration elapsed, Optional<BlockerSampler.Sample> blockers) {
    }

    /** The Ferry error for a statement of a revision. */
    FerryException classify(Failure f) {
        String state = String.valueOf(f.error().getSQLState());
        try {
            if (SqlErrors.isLockTimeout(f.error())) {
                return lockTimeout(f);
            }
            if (ALREADY_EXISTS.contains(state)) {
                return objectExists(f);
            }
            Optional<FerryException> refused = refused(work, f.failedAt(), f.error(),
                    f.statement() == null ? null : f.statement().sql(), f.consequence());
            if (refused.isPresent()) {
                return refused.get();
            }
            switch (state) {
                case SqlErrors.DEADLOCK_DETECTED:
                    return deadlock(f);
                case SqlErrors.SERIALIZATION_FAILURE:
                    return new FerryException(MigrationErrorCode.SERIALIZATION_FAILURE, message(f)
                            + "; a concurrent transaction changed data this one read or wrote", f.consequence().and(
                            "; run the command again: such a conflict depends on timing; if it keeps happening, run"
                                    + " the revision when the application writes less to the same tables"), f.error());
                case SqlErrors.QUERY_CANCELED:
                    return canceled(f);
                default:
                    break;
            }
        } catch (SQLException | RuntimeException unanswered) {
            f.error().addSuppressed(unanswered);
        }
        // A revision run statement by statement with statements applied says already how to go on (--resume).
        Remedy hint = nothingOfItApplied(f) ? f.consequence().and("; correct the revision's SQL where the message"
                + " points (or what it relies on), then run the command again") : f.consequence();
        return new FerryException(MigrationErrorCode.MIGRATION_FAILED, message(f), hint, f.error());
    }

    /** True when nothing of the revision stays applied: it ran in a transaction, or failed at its first statement. */
    private static boolean nothingOfItApplied(Failure f) {
        return f.step().transactional() || (f.statement() != null && f.step().statements().indexOf(f.statement()) == 0);
    }

    /**
     * The Ferry error for Ferry's own statements that create or write its history tables outside a
     * revision: a refusal (privilege, read-only, disk, memory) says how to get past it, a missing privilege
     * also where else the tables could be kept; anything else is a {@code database-error}.
     *
     * @param c     the connection it failed on, usable again (its transaction rolled back)
     * @param doing what Ferry was doing: "creating the history tables ..."
     */
    public static FerryException ofFerryTables(Connection c, String doing, SQLException e) {
        return ofFerrys(c, doing, null, e);
    }

    /** As {@link #ofFerryTables}, for Ferry's own queries that only read (its history, before a run). */
    public static FerryException ofFerryQuery(Connection c, String doing, SQLException e) {
        return ofFerrys(c, doing, "SELECT", e);
    }

    private static FerryException ofFerrys(Connection c, String doing, String sql, SQLException e) {
        try {
            Optional<FerryException> refused = refused(c, doing + " failed", e, sql,
                    Remedy.text("nothing was changed by this step"));
            if (refused.isPresent()) {
                return refused.get();
            }
        } catch (SQLException | RuntimeException unanswered) {
            e.addSuppressed(unanswered);
        }
        return SqlErrors.translate(doing, e);
    }

    /**
     * A refusal of a statement that is not a revision's (a backfill's batch): a missing privilege, named with
     * the {@code GRANT} that fixes it, a read-only database, a full disk, no memory. Empty for other errors,
     * and when the questions it asks on {@code c} fail (that failure is added to {@code e}).
     *
     * @param c           the connection the statement failed on, usable again (its transaction rolled back)
     * @param failedAt    the start of the message: what failed, and where
     * @param outlines    what the work writes, one statement in outline per table ({@code UPDATE app.t SET ...
     *                    WHERE ...}): the privilege a refused table needs follows from the one that writes it,
     *                    and is {@code SELECT} for a table none writes
     * @param consequence what stays done, and how to go on once the cause is fixed
     */
    public static Optional<FerryException> refusal(Connection c, String failedAt, SQLException e,
                                                   List<String> outlines, Remedy consequence) {
        try {
            String sql = MissingPrivilege.outlineFor(SqlErrors.plainServerMessage(e), outlines);
            return refused(c, failedAt, e, sql, consequence);
        } catch (SQLException | RuntimeException unanswered) {
            e.addSuppressed(unanswered);
            return Optional.empty();
        }
    }

    /**
     * The refusals that do not depend on the revision: a missing privilege, a read-only database, a full
     * disk, no memory. Empty for other errors.
     *
     * @param sql the refused statement, null for Ferry's own creating or writing its tables
     */
    private static Optional<FerryException> refused(Connection c, String failedAt, SQLException e, String sql,
                                                     Remedy consequence) throws SQLException {
        String server = SqlErrors.serverMessage(e);
        String state = String.valueOf(e.getSQLState());
        switch (state) {
            case SqlErrors.INSUFFICIENT_PRIVILEGE: {
                MissingPrivilege missing = MissingPrivilege.of(c, SqlErrors.plainServerMessage(e), sql);
                return Optional.of(new FerryException(MigrationErrorCode.PERMISSION_DENIED, failedAt + ": " + server
                        + (missing.lacks() == null ? "" : "; " + missing.lacks()),
                        missing.fix().and("; ", consequence), e));
            }
            case SqlErrors.READ_ONLY_TRANSACTION: {
                ReadOnly why = ReadOnly.of(c);
                return Optional.of(new FerryException(MigrationErrorCode.READ_ONLY_DATABASE,
                        failedAt + ": " + server + "; " + why.cause(), Remedy.of(why.fix() + "; ", consequence), e));
            }
            case DISK_FULL:
                return Optional.of(new FerryException(MigrationErrorCode.DISK_FULL, failedAt
                        + ": the database server ran out of disk space: " + server, consequence.and("; free space"
                        + " where the server writes (its data directory, pg_wal, or the tablespace the message names;"
                        + " the disk-full section of the runbook shows how to find what fills it), then run the"
                        + " command again"), e));
            case OUT_OF_MEMORY:
                return Optional.of(new FerryException(MigrationErrorCode.OUT_OF_MEMORY, failedAt
                        + ": the database server ran out of memory: " + server, consequence.and("; check the"
                        + " server's memory and what else uses it (the out-of-memory section of the runbook), or make"
                        + " the statement ask for less (a lower work_mem or maintenance_work_mem for it), then run"
                        + " the command again"), e));
            default:
                return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- locks

    private FerryException lockTimeout(Failure f) {
        LockRetries retries = settings.lockRetries();
        boolean capped = retries.capReached(f.attempts());
        String why = capped ? "the limit of " + retries.maxRetries().getAsInt()
                + (retries.maxRetries().getAsInt() == 1 ? " retry" : " retries") + " was reached"
                : retries.budget().isZero() ? "the lock-retry budget is 0, which allows no retry"
                : "the lock-retry budget of " + Durations.format(retries.budget()) + " ran out";
        String awaited = f.blockers().map(BlockerSampler.Sample::awaited).orElse("a lock");
        List<BlockingSession> blockers = f.blockers().map(BlockerSampler.Sample::blockers).orElse(List.of());
        String times = f.attempts() == 1 ? " on its only attempt"
                : ", " + f.attempts() + " times in " + Durations.approximate(f.elapsed());
        boolean noWait = noWait(f);
        String within = noWait ? "at once (NOWAIT)" : "within " + Durations.format(settings.lockTimeout());
        String message = f.failedAt() + ": " + awaited + " was not granted " + within + times + " (" + why + ")"
                + (blockers.isEmpty() ? noWait ? "; another session holds it (NOWAIT gives up before anyone can be seen)"
                : "; no session was seen holding it (it ended, or the wait was too short to look)"
                : "; " + BlockingSession.describe(blockers) + (blockers.size() == 1 ? " holds it" : " hold it"));
        String end = blockers.isEmpty()
                ? "; a long transaction holds a lock the statement needs (see pg_stat_activity): end it, or run again"
                + " once it has ended, or "
                : "; end the blocking session if it is stuck (its transaction rolls back): "
                + BlockingSession.terminateSql(blockers) + ", or let its transaction finish, then run again; or ";
        Remedy hint = f.consequence().and(end, capped ? "raise or drop " : "allow a longer ",
                capped ? MigrationRemedy.RETRY_LIMIT : MigrationRemedy.LOCK_RETRY_BUDGET);
        return new FerryException(MigrationErrorCode.LOCK_TIMEOUT, message, hint, f.error());
    }

    /**
     * True when the statement asked for its lock without waiting: it says NOWAIT, or it ran under no lock
     * timeout at all (which waits for ever, so only NOWAIT, or a lock_timeout the revision set itself,
     * gives up).
     */
    private boolean noWait(Failure f) {
        if (f.statement() == null) {
            return settings.lockTimeout().isZero();
        }
        StepSql sql = StepSql.online(f.step(), settings);
        Duration lockTimeout = sql.transactional() ? settings.lockTimeout() : sql.lockTimeoutOf(f.statement());
        return lockTimeout.isZero() || NOWAIT.matcher(f.statement().sql()).find();
    }

    private FerryException deadlock(Failure f) throws SQLException {
        Set<Integer> pids = new LinkedHashSet<>();
        String detail = f.error() instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getDetail() : null;
        Matcher m = PROCESS.matcher(detail == null ? "" : detail);
        while (m.find()) {
            pids.add(Integer.parseInt(m.group(1)));
        }
        pids.remove(BlockerSampler.backendPid(work));
        List<BlockingSession> others = BlockerSampler.sessions(work, List.copyOf(pids));
        String with = others.isEmpty()
                ? (pids.isEmpty() ? "another session" : "pid " + pids.iterator().next() + ", which has ended since")
                : BlockingSession.describe(others);
        return new FerryException(MigrationErrorCode.DEADLOCK, f.failedAt() + ": deadlock with " + with
                + "; PostgreSQL ended this revision's statement to break it [SQLSTATE 40P01]",
                f.consequence().and("; run the command again: a deadlock depends on timing" + (others.isEmpty() ? ""
                        : "; if the other session is stuck, end it first: " + BlockingSession.terminateSql(others))
                        + "; if it keeps happening, have the revision lock what it changes at its start, in the order"
                        + " the application takes those locks (LOCK TABLE ...)"), f.error());
    }

    // ---------------------------------------------------------------- timeouts

    /**
     * A cancelled statement: a statement timeout, or a cancel from elsewhere (pg_cancel_backend, a client).
     * Both are 57014 and differ only in the message, which is in the server's language; so it is told by
     * time: the statement ran at least as long as the statement_timeout it ran under (the revision's, the
     * run's, or else the server's), which no cancel from elsewhere can tell from a timeout anyway. The
     * message decides only when the time is not known, when it names a statement timeout shorter than
     * the limits Ferry sees (one the revision set itself), or when the time is a batch's and the message
     * says a user cancelled the statement.
     */
    private FerryException canceled(Failure f) throws SQLException {
        StepSql sql = StepSql.online(f.step(), settings);
        Optional<Duration> own = f.step().revision().statementTimeout();
        Optional<Duration> limit = sql.statementTimeout().or(() -> serverStatementTimeout(work));
        Optional<Duration> ran = f.blockers().map(BlockerSampler.Sample::ran);
        String said = SqlErrors.plainServerMessage(f.error());
        boolean saysTimeout = said.contains("statement timeout");
        // A statement sent in a batch with others is timed with them: its time may be less than the batch's, so
        // a server that says in English that a user cancelled it is believed. In another language, a cancel that
        // comes after the batch has outrun the limit still reads as the timeout.
        boolean batchCancelled = f.blockers().map(BlockerSampler.Sample::withOthers).orElse(false)
                && said.contains("user request");
        boolean timedOut = ran.isPresent() && limit.isPresent() && !limit.get().isZero()
                && ran.get().compareTo(limit.get()) >= 0 && !batchCancelled;
        if (!timedOut && !saysTimeout) {
            return new FerryException(MigrationErrorCode.MIGRATION_FAILED, message(f) + "; another session or the"
                    + " client cancelled the statement (pg_cancel_backend)", f.consequence().and("; run the command"
                    + " again when the statement may run"), f.error());
        }
        String which;
        Remedy raise;
        if (!timedOut && ran.isPresent()) {
            which = "a statement_timeout the revision or a callback set itself (SET statement_timeout)";
            raise = Remedy.text("raise or remove that SET statement_timeout");
        } else if (own.isPresent()) {
            which = "the revision's own limit of " + Durations.format(own.get())
                    + " (its header -- ferry:statement-timeout)";
            raise = Remedy.text("raise the header -- ferry:statement-timeout in " + f.step().revision().origin());
        } else if (sql.statementTimeout().isPresent()) {
            which = "the run's limit of " + Durations.format(sql.statementTimeout().get());
            raise = Remedy.of("raise ", MigrationRemedy.STATEMENT_TIMEOUT, ", or give the revision a limit of its own"
                    + " with the header -- ferry:statement-timeout");
        } else {
            which = "the server's statement_timeout of " + serverSetting(work, "statement_timeout")
                    + " (set for the " + serverSetting(work, "source") + ")";
            raise = Remedy.of("give the revision a limit of its own with the header -- ferry:statement-timeout, or"
                    + " set ", MigrationRemedy.STATEMENT_TIMEOUT);
        }
        return new FerryException(MigrationErrorCode.STATEMENT_TIMEOUT, f.failedAt() + ": the statement ran longer"
                + " than " + which + " and was cancelled [SQLSTATE 57014]", f.consequence().and("; if the statement"
                + " only needs more time (it may hold locks the application waits for meanwhile), ").and(
                raise.parts().toArray()).and("; if it waited on a lock or did more work than planned, fix that"
                + " first"), f.error());
    }

    /**
     * The server's statement_timeout for this session (the revision's transaction, which may have set its
     * own, was rolled back), in milliseconds as pg_settings gives it whatever the unit it was set in.
     */
    private static Optional<Duration> serverStatementTimeout(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT setting::bigint FROM pg_settings"
                + " WHERE name = 'statement_timeout'")) {
            return rs.next() ? Optional.of(Duration.ofMillis(rs.getLong(1))) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** A setting of the session, or where {@code statement_timeout}'s value comes from for "source". */
    private static String serverSetting(Connection c, String what) throws SQLException {
        String sql = what.equals("source")
                ? "SELECT CASE source WHEN 'database' THEN 'database' WHEN 'user' THEN 'user'"
                + " WHEN 'database user' THEN 'user in this database' WHEN 'configuration file' THEN"
                + " 'whole server' ELSE source END FROM pg_settings WHERE name = 'statement_timeout'"
                : "SELECT current_setting('" + what + "')";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "?";
        }
    }

    // ---------------------------------------------------------------- objects that exist

    private FerryException objectExists(Failure f) throws SQLException {
        PlannedStep step = f.step();
        List<String> tables = step.direction() == Direction.UPGRADE && step.headsBefore().isEmpty()
                && nothingOfItApplied(f) ? userTables(work) : List.of();
        if (tables.isEmpty()) {
            return new FerryException(MigrationErrorCode.OBJECT_EXISTS, message(f), f.consequence().and("; the object"
                    + " was created outside Ferry (by hand, by the application, by another tool) or by an earlier"
                    + " run that stopped part-way: if it is what the revision creates, check that it matches, then"
                    + " drop it or write the statement with IF NOT EXISTS; if it is something else, rename one of"
                    + " them"), f.error());
        }
        int more = tables.size() > 3 ? tables.size() - 3 : 0;
        String named = String.join(", ", tables.subList(0, Math.min(3, tables.size())))
                + (more > 0 ? " and " + more + " more" : "");
        return new FerryException(MigrationErrorCode.OBJECT_EXISTS, message(f) + "; no revision is recorded in this"
                + " database, yet it already has tables of its own (" + named + ")",
                f.consequence().and("; a database built by hand or by another tool: compare its schema with what"
                                + " the revisions create (a schema-only pg_dump of it against the files); if it"
                                + " already has"
                                + " everything up to revision " + step.revision().id() + ", record that with ",
                        MigrationRemedy.STAMP.with(step.revision().id()), " (or stamp the last revision it matches)"
                                + " and upgrade from there; if it is the wrong database, point Ferry at the right one"),
                f.error());
    }

    /** Tables (and views) of the database's own: not the system's, an extension's, nor Ferry's. */
    private static List<String> userTables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT LIKE 'pg\\_%'"
                + " AND n.nspname <> 'information_schema'"
                + " AND c.relname NOT IN ('ferry_version', 'ferry_history', 'flyway_schema_history')"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
                + " AND d.objid = c.oid AND d.deptype = 'e') ORDER BY 1 LIMIT 100");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    // ---------------------------------------------------------------- helpers

    private static String message(Failure f) {
        return f.failedAt() + ": " + SqlErrors.serverMessage(f.error());
    }

    /** Why a database refuses writes, and what to do. */
    private record ReadOnly(String cause, String fix) {

        static ReadOnly of(Connection c) throws SQLException {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(),"
                    + " current_setting('default_transaction_read_only') = 'on', source,"
                    + " quote_ident(current_database()),"
                    + " quote_ident(current_user) FROM pg_settings WHERE name = 'default_transaction_read_only'")) {
                rs.next();
                String db = rs.getString(4);
                String user = rs.getString(5);
                if (rs.getBoolean(1)) {
                    return new ReadOnly("the server is a replica (pg_is_in_recovery() is true), which accepts no"
                            + " writes", "point Ferry at the primary server (with several hosts in the URL, add"
                            + " targetServerType=primary)");
                }
                if (!rs.getBoolean(2)) {
                    return new ReadOnly("the transaction was made read-only (SET TRANSACTION READ ONLY, in the"
                            + " revision or a callback)", "remove what makes it read-only");
                }
                String undo = "if that is not on purpose (a freeze, a maintenance window), have an administrator run ";
                return switch (rs.getString(3)) {
                    case "database" -> new ReadOnly("database " + db + " is read-only (default_transaction_read_only"
                            + " is on for it, by ALTER DATABASE)", undo + "ALTER DATABASE " + db
                            + " SET default_transaction_read_only = off, then run the command again");
                    case "user", "database user" -> new ReadOnly("user " + user + " gets read-only sessions"
                            + " (default_transaction_read_only is on for it, by ALTER ROLE)",
                            undo + "ALTER ROLE " + user
                            + " RESET default_transaction_read_only, then run the command again");
                    case "configuration file", "default" -> new ReadOnly("the server makes every session read-only"
                            + " (default_transaction_read_only is on in its configuration)", undo + "ALTER DATABASE "
                            + db + " SET default_transaction_read_only = off, or set it off in the configuration and"
                            + " reload");
                    default -> new ReadOnly("the connection asked for read-only sessions"
                            + " (default_transaction_read_only is on, from " + rs.getString(3) + ")",
                            "remove readOnly=true or default_transaction_read_only from the connection's URL or"
                                    + " options");
                };
            }
        }
    }
}
