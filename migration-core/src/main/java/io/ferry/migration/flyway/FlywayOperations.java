package io.ferry.migration.flyway;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.event.EventPublisher;
import io.ferry.migration.exec.RunHooks;
import io.ferry.migration.history.flyway.FlywayHistory;
import io.ferry.migration.history.flyway.FlywayHistoryRow;
import io.ferry.migration.history.flyway.FlywayInfo;
import io.ferry.migration.history.flyway.FlywayProjectHistory;
import io.ferry.migration.jdbc.Session;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.migration.jdbc.Transactions;
import io.ferry.migration.lock.MigrationLock;
import io.ferry.migration.source.flyway.FlywayMigration;
import io.ferry.migration.source.flyway.FlywayProject;
import io.ferry.migration.source.flyway.FlywayVersion;
import io.ferry.migration.spi.Event;
import io.ferry.migration.sql.Quote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The Flyway commands that have no revision-graph counterpart: {@code info}, {@code baseline},
 * {@code repair} and {@code clean}, with Flyway's meanings. ({@code migrate}, {@code undo} and
 * {@code validate} are upgrade, downgrade and validate.) Every change runs under the migration lock,
 * which excludes Flyway too.
 */
public final class FlywayOperations {

    /** What Flyway writes in a baseline row's description and script. */
    public static final String BASELINE_MARKER = "<< Flyway Baseline >>";

    private final DataSource dataSource;
    private final FlywayProjectHistory history;
    private final RunHooks hooks;
    private final FlywayProject project;
    private final Duration lockWait;
    private final EventPublisher events;

    /** @param hooks what runs at the commands' callback events: the project's {@link FlywayCallbacks} */
    public FlywayOperations(DataSource dataSource, FlywayProjectHistory history, RunHooks hooks,
                            FlywayProject project, Duration lockWait, EventPublisher events) {
        this.dataSource = dataSource;
        this.history = history;
        this.hooks = hooks;
        this.project = project;
        this.lockWait = lockWait;
        this.events = events;
    }

    /** Every migration, applied or not, with its state, as Flyway's {@code info} lists them. */
    public List<FlywayInfo.Entry> info() {
        try (Session session = Session.open(dataSource)) {
            Connection c = session.connection();
            hooks.callbacks(c, Event.BEFORE_INFO);
            List<FlywayInfo.Entry> entries;
            try {
                entries = FlywayInfo.compute(project, history.table().rows(c));
            } catch (SQLException | RuntimeException e) {
                callbackAfterError(c, Event.AFTER_INFO_ERROR, e);
                throw e;
            }
            hooks.callbacks(c, Event.AFTER_INFO);
            return entries;
        } catch (SQLException e) {
            throw SqlErrors.translate("reading " + history.describe(), e);
        }
    }

    /**
     * Records that the database already has the schema up to {@code version}: Flyway's baseline row.
     * Like Flyway, it refuses when the history already holds migrations.
     */
    public void baseline(String version, String description) {
        FlywayVersion v = parseVersion(version);
        changeUnderLock("writing the baseline", Phases.BASELINE, c -> {
            history.ensure(c);
            List<FlywayHistoryRow> rows = history.table().rows(c);
            if (!rows.isEmpty()) {
                throw new FerryException(MigrationErrorCode.INVALID_TARGET,
                        history.describe() + " already holds " + rows.size() + " row(s); a baseline goes into an"
                                + " empty history", "baseline a database before anything is migrated into it");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + history.describe()
                    + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time,"
                    + " success) VALUES (1, ?, ?, 'BASELINE', ?, NULL, current_user, 0, true)")) {
                ps.setString(1, v.text());
                ps.setString(2, description == null || description.isBlank() ? BASELINE_MARKER : description);
                ps.setString(3, BASELINE_MARKER);
                ps.executeUpdate();
            }
        });
    }

    /**
     * Removes the rows of failed migrations and realigns the recorded checksums and descriptions with the
     * files, as Flyway's {@code repair} does.
     *
     * @return how many rows it removed and how many it realigned
     */
    public int[] repair() {
        int[] counts = new int[2];
        changeUnderLock("repairing the history", Phases.REPAIR, c -> {
            if (!history.table().exists(c)) {
                return;
            }
            Map<FlywayVersion, FlywayMigration> byVersion = new HashMap<>();
            project.versioned().forEach(m -> byVersion.put(m.name().version().orElseThrow(), m));
            Map<String, FlywayMigration> repeatables = new HashMap<>();
            project.repeatables().forEach(m -> repeatables.put(m.name().description(), m));
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + history.describe()
                    + " WHERE installed_rank = ?");
                 PreparedStatement align = c.prepareStatement("UPDATE " + history.describe()
                         + " SET checksum = ?, description = ? WHERE installed_rank = ?")) {
                for (FlywayHistoryRow row : history.table().rows(c)) {
                    if (!row.success()) {
                        delete.setInt(1, row.installedRank());
                        delete.executeUpdate();
                        counts[0]++;
                        continue;
                    }
                    if (row.isBaseline() || row.version().isEmpty()) {
                        continue; // a repeatable's old checksum is what tells it to run again
                    }
                    FlywayMigration file = byVersion.get(row.version().get());
                    if (file != null && (!java.util.Objects.equals(row.checksum().orElse(null), file.checksum())
                            || !row.description().equals(file.name().description()))) {
                        align.setObject(1, file.checksum(), java.sql.Types.INTEGER);
                        align.setString(2, file.name().description());
                        align.setInt(3, row.installedRank());
                        align.executeUpdate();
                        counts[1]++;
                    }
                }
            }
        });
        return counts;
    }

    /**
     * Drops every object in the schema by dropping the schema and creating it again, history included.
     * Destructive by design: callers must have the operator's explicit consent.
     */
    public void clean(String schema) {
        changeUnderLock("cleaning schema " + schema, Phases.CLEAN, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + Quote.ident(schema) + " CASCADE");
                s.execute("CREATE SCHEMA " + Quote.ident(schema));
            }
        });
    }

    private static FlywayVersion parseVersion(String version) {
        try {
            return FlywayVersion.parse(version);
        } catch (IllegalArgumentException e) {
            throw new FerryException(MigrationErrorCode.INVALID_TARGET, e.getMessage(),
                    Remedy.of("for example ", MigrationRemedy.BASELINE_VERSION.with("1.2")));
        }
    }

    /** The callback events of a command that changes the history: before it, after it, and after it failed. */
    private enum Phases {
        BASELINE(Event.BEFORE_BASELINE, Event.AFTER_BASELINE, Event.AFTER_BASELINE_ERROR),
        REPAIR(Event.BEFORE_REPAIR, Event.AFTER_REPAIR, Event.AFTER_REPAIR_ERROR),
        CLEAN(Event.BEFORE_CLEAN, Event.AFTER_CLEAN, Event.AFTER_CLEAN_ERROR);

        private final Event before;
        private final Event after;
        private final Event error;

        Phases(Event before, Event after, Event error) {
            this.before = before;
            this.after = after;
            this.error = error;
        }
    }

    /**
     * Runs a change in one transaction, holding the migration lock (Ferry's and Flyway's), between the
     * command's before and after callbacks (its error callbacks on failure).
     */
    private void changeUnderLock(String doing, Phases phases, Transactions.Work change) {
        try (MigrationLock lock = MigrationLock.acquire(dataSource, history.lockKeys(), lockWait, events)) {
            try (Session session = Session.openForWork(dataSource)) {
                Connection c = session.connection();
                hooks.callbacks(c, phases.before);
                try {
                    Transactions.run(c, change);
                } catch (SQLException | RuntimeException e) {
                    callbackAfterError(c, phases.error, e);
                    throw e;
                }
                hooks.callbacks(c, phases.after);
            } catch (SQLException e) {
                throw SqlErrors.translate(doing, e);
            }
        }
    }

    private void callbackAfterError(Connection c, Event event, Exception failure) {
        try {
            hooks.callbacks(c, event);
        } catch (SQLException | RuntimeException callbackFailed) {
            failure.addSuppressed(callbackFailed);
        }
    }

    /** The table these operations work on. */
    public FlywayHistory table() {
        return history.table();
    }
}
