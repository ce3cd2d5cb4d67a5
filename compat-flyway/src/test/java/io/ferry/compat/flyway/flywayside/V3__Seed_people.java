package io.ferry.compat.flyway.flywayside;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** A Flyway Java migration, as a Flyway project has it. */
public class V3__Seed_people extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("INSERT INTO people (id, name) VALUES (1, 'Ada'), (2, 'Grace')");
        }
    }
}
