package io.ferry.migration.flyway;

import io.ferry.migration.exec.RunHooks;
import io.ferry.migration.graph.Direction;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.history.flyway.MigrationsByRevision;
import io.ferry.migration.plan.Plan;
import io.ferry.migration.plan.PlannedStep;
import io.ferry.migration.source.flyway.FlywayFileName;
import io.ferry.migration.source.flyway.FlywayMigration;
import io.ferry.migration.source.flyway.FlywayProject;
import io.ferry.migration.spi.Callback;
import io.ferry.migration.spi.Context;
import io.ferry.migration.spi.Event;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A Flyway project's callbacks, raised at the events Flyway raises them: its SQL callback files, named
 * after their event ({@code beforeMigrate.sql}, {@code afterMigrate__notify.sql}, ...), then the Java
 * {@link Callback}s listed in {@code META-INF/services}. Around a migrate (an upgrade) and its steps come
 * the migrate events, {@code afterVersioned} once after the last versioned step; around an undo (a
 * downgrade), the undo events; the other commands raise their own through {@link #callbacks}.
 */
public final class FlywayCallbacks implements RunHooks {

    /** The commands that raise callback events; a command splits the SQL callbacks of its own events only. */
    private enum Command { MIGRATE, UNDO, INFO, VALIDATE, BASELINE, REPAIR, CLEAN }

    private final FlywayProject project;
    private final MigrationsByRevision migrations;
    private final List<Callback> javaCallbacks;

    /** @param javaCallbacks Java callbacks, run after the SQL callbacks of each event */
    public FlywayCallbacks(FlywayProject project, List<Callback> javaCallbacks) {
        this.project = project;
        this.migrations = new MigrationsByRevision(project);
        this.javaCallbacks = List.copyOf(javaCallbacks);
    }

    /** afterVersioned comes once per migrate: after the last versioned step, or at once when none runs. */
    @Override
    public void beforeRun(Connection c, Plan plan) throws SQLException {
        if (plan.direction() == Direction.UPGRADE) {
            callbacks(c, Event.BEFORE_MIGRATE);
            if (plan.steps().stream().noneMatch(migrations::isVersioned)) {
                callbacks(c, Event.AFTER_VERSIONED);
            }
        } else {
            callbacks(c, Event.BEFORE_UNDO);
        }
    }

    @Override
    public void beforeStep(Connection c, PlannedStep step) throws SQLException {
        callbacks(c, step.direction() == Direction.UPGRADE ? Event.BEFORE_EACH_MIGRATE : Event.BEFORE_EACH_UNDO);
    }

    @Override
    public void afterStep(Connection c, PlannedStep step, List<PlannedStep> remaining) throws SQLException {
        if (step.direction() != Direction.UPGRADE) {
            callbacks(c, Event.AFTER_EACH_UNDO);
            return;
        }
        callbacks(c, Event.AFTER_EACH_MIGRATE);
        if (migrations.isVersioned(step) && remaining.stream().noneMatch(migrations::isVersioned)) {
            callbacks(c, Event.AFTER_VERSIONED);
        }
    }

    @Override
    public void afterStepError(Connection c, PlannedStep step) throws SQLException {
        callbacks(c, step.direction() == Direction.UPGRADE ? Event.AFTER_EACH_MIGRATE_ERROR
                : Event.AFTER_EACH_UNDO_ERROR);
    }

    @Override
    public void afterRun(Connection c, Plan plan, boolean success, int applied) throws SQLException {
        if (plan.direction() != Direction.UPGRADE) {
            callbacks(c, success ? Event.AFTER_UNDO : Event.AFTER_UNDO_ERROR);
            return;
        }
        if (!success) {
            callbacks(c, Event.AFTER_MIGRATE_ERROR);
            return;
        }
        if (applied > 0) {
            callbacks(c, Event.AFTER_MIGRATE_APPLIED);
        }
        callbacks(c, Event.AFTER_MIGRATE);
    }

    @Override
    public void splitCallbacks(Direction direction) {
        splitCallbacksOf(direction == Direction.UPGRADE ? Command.MIGRATE : Command.UNDO);
    }

    /**
     * Splits the SQL callbacks of every event of one command, so that a malformed one stops the command
     * before its first callback runs; other commands' callbacks stay unsplit, and so do the callbacks of the
     * events Flyway knows and Ferry never raises, which never run.
     */
    private void splitCallbacksOf(Command command) {
        for (FlywayMigration callback : project.callbacks()) {
            if (eventOf(callback).map(FlywayCallbacks::commandOf).orElse(null) == command) {
                ((SqlBody) callback.body()).statements();
            }
        }
    }

    /** The command that raises an event ({@code afterVersioned}: migrate). */
    private static Command commandOf(Event event) {
        return switch (event) {
            case BEFORE_MIGRATE, BEFORE_EACH_MIGRATE, AFTER_EACH_MIGRATE, AFTER_EACH_MIGRATE_ERROR, AFTER_VERSIONED,
                    AFTER_MIGRATE_APPLIED, AFTER_MIGRATE, AFTER_MIGRATE_ERROR -> Command.MIGRATE;
            case BEFORE_UNDO, BEFORE_EACH_UNDO, AFTER_EACH_UNDO, AFTER_EACH_UNDO_ERROR, AFTER_UNDO, AFTER_UNDO_ERROR ->
                    Command.UNDO;
            case BEFORE_CLEAN, AFTER_CLEAN, AFTER_CLEAN_ERROR -> Command.CLEAN;
            case BEFORE_INFO, AFTER_INFO, AFTER_INFO_ERROR -> Command.INFO;
            case BEFORE_BASELINE, AFTER_BASELINE, AFTER_BASELINE_ERROR -> Command.BASELINE;
            case BEFORE_REPAIR, AFTER_REPAIR, AFTER_REPAIR_ERROR -> Command.REPAIR;
            case BEFORE_VALIDATE, AFTER_VALIDATE, AFTER_VALIDATE_ERROR -> Command.VALIDATE;
        };
    }

    /** Runs the SQL callbacks of one event, in file-name order, then the Java callbacks that handle it. */
    @Override
    public void callbacks(Connection c, Event event) throws SQLException {
        splitCallbacksOf(commandOf(event));
        List<FlywayMigration> matching = project.callbacks().stream()
                .filter(cb -> eventOf(cb).orElse(null) == event)
                .sorted(Comparator.comparing(FlywayMigration::script)).toList();
        for (FlywayMigration callback : matching) {
            try (Statement s = c.createStatement()) {
                s.setEscapeProcessing(false);
                for (var statement : ((SqlBody) callback.body()).statements()) {
                    s.execute(statement.sql());
                }
            } catch (SQLException e) {
                throw new SQLException("callback " + callback.script() + " failed: " + e.getMessage(), e.getSQLState(), e);
            }
        }
        Context context = () -> c;
        for (Callback callback : javaCallbacks) {
            try {
                if (callback.supports(event, context)) {
                    callback.handle(event, context);
                }
            } catch (SQLException e) {
                throw e;
            } catch (Exception e) {
                throw new SQLException("callback " + callback.getCallbackName() + " failed at " + event.getId()
                        + ": " + e, "F0003", e);
            }
        }
    }

    /** The event a callback file is named after; empty for the events Ferry never raises. */
    private static Optional<Event> eventOf(FlywayMigration callback) {
        return FlywayFileName.callbackEvent(callback.file().getFileName().toString()).flatMap(Event::fromId);
    }
}
