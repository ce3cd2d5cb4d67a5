package io.ferry.compat.flyway.ferryside;

import io.ferry.migration.spi.Callback;
import io.ferry.migration.spi.Context;
import io.ferry.migration.spi.Event;
import java.sql.Statement;

/** A Java callback that logs each migration it sees, on the migration's own connection. */
public class RecordingCallback implements Callback {
    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
    }

    @Override
    public void handle(Event event, Context context) throws Exception {
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS java_callback_log (n serial, event text)");
            s.execute("INSERT INTO java_callback_log (event) VALUES ('" + event.getId() + "')");
        }
    }
}
