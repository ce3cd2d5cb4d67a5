package io.ferry.runbook.alerts;

import io.ferry.migration.api.FerryException;
import io.ferry.migration.jdbc.SqlErrors;
import io.ferry.runbook.project.ServerProject;
import io.ferry.runbook.snapshot.Texts;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * The cheapest question to the database: connect (within the project's connect timeout) and {@code SELECT 1}
 * (within {@value #QUERY_TIMEOUT_SECONDS} s). It is not the snapshot's refresh: that one reads much more and is
 * skipped while it runs long.
 */
final class DatabaseProbe {

    static final int QUERY_TIMEOUT_SECONDS = 5;

    private final ServerProject project;
    private final Clock clock;

    DatabaseProbe(ServerProject project, Clock clock) {
        this.project = project;
        this.clock = clock;
    }

    ProbeResult probe() {
        try (Connection c = project.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            s.execute("SELECT 1");
            return ProbeResult.answered(clock.instant());
        } catch (SQLException e) {
            return failed(SqlErrors.translate("probing " + project.describe(), e));
        } catch (FerryException e) {
            return failed(e);
        }
    }

    private ProbeResult failed(FerryException e) {
        return new ProbeResult(clock.instant(), e.code(), Texts.oneLine(e.getMessage()));
    }
}
