package io.ferry.compat.flyway.ferryside;

import io.ferry.migration.spi.BaseJavaMigration;
import io.ferry.migration.spi.Context;
import java.sql.Statement;

/** The same migration moved over to Ferry: only the imports changed. */
public class V3__Seed_people extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("INSERT INTO people (id, name) VALUES (1, 'Ada'), (2, 'Grace')");
        }
    }
}
