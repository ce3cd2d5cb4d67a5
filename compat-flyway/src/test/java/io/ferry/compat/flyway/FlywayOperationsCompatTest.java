package io.ferry.compat.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.history.flyway.FlywayInfo;
import io.ferry.migration.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** baseline, repair, out-of-order and clean, with Flyway's meanings, checked against Flyway 13. */
class FlywayOperationsCompatTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @BeforeEach
    void clean() throws Exception {
        db.reset();
        Files.writeString(dir.resolve("V1__people.sql"), "CREATE TABLE people (id int);\n");
        Files.writeString(dir.resolve("V2__email.sql"), "ALTER TABLE people ADD COLUMN email text;\n");
    }

    private FerryConfiguration ferry() {
        return Ferry.configure().dataSource(db.url(), db.user(), db.password()).locations(dir).flyway();
    }

    private Flyway flyway(boolean outOfOrder) {
        FluentConfiguration conf = Flyway.configure().dataSource(db.url(), db.user(), db.password())
                .locations("filesystem:" + dir).outOfOrder(outOfOrder);
        conf.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return conf.load();
    }

    private List<String> ferryInfo() {
        return ferry().load().flyway().info().stream().map((FlywayInfo.Entry e) -> e.version().orElse("") + " | "
                + e.type() + " | " + e.state()).sorted().toList();
    }

    private List<String> flywayInfo() {
        return Arrays.stream(flyway(false).info().all()).map((MigrationInfo i) -> (i.getVersion() == null ? ""
                : i.getVersion().getVersion()) + " | " + i.getType() + " | " + i.getState().getDisplayName()).sorted().toList();
    }

    @Test
    void baselineAdoptsAnExistingSchema() throws Exception {
        db.execute("CREATE TABLE people (id int, email text)");
        Files.writeString(dir.resolve("V3__age.sql"), "ALTER TABLE people ADD COLUMN age int;\n");
        ferry().load().flyway().baseline("2", null);
        assertThat(ferry().load().upgrade("head").steps()).extracting(s -> s.revision()).containsExactly("3");
        assertThat(ferryInfo()).isEqualTo(flywayInfo()).contains("2 | BASELINE | Baseline", "1 | SQL | Below Baseline",
                "3 | SQL | Success");
        flyway(false).validate();
    }

    @Test
    void baselineRefusesAHistoryThatIsNotEmpty() {
        ferry().load().upgrade("head");
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(io.ferry.migration.api.FerryException.class,
                () -> ferry().load().flyway().baseline("5", null));
        assertThat(e.getMessage()).contains("already holds 2 row(s)");
    }

    @Test
    void repairRealignsChecksumsSoFlywayValidatesAgain() throws Exception {
        flyway(false).migrate();
        Files.writeString(dir.resolve("V2__email.sql"), "-- reformatted\nALTER TABLE people ADD COLUMN email text;\n");
        assertThat(ferry().load().validate().mismatches()).hasSize(1);
        int[] counts = ferry().load().flyway().repair();
        assertThat(counts).containsExactly(0, 1);
        assertThat(ferry().load().validate().valid()).isTrue();
        flyway(false).validate();
    }

    @Test
    void outOfOrderAppliesAVersionAddedBelowTheNewest() throws Exception {
        Files.delete(dir.resolve("V2__email.sql"));
        Files.writeString(dir.resolve("V3__age.sql"), "ALTER TABLE people ADD COLUMN age int;\n");
        ferry().load().upgrade("head");
        Files.writeString(dir.resolve("V2__email.sql"), "ALTER TABLE people ADD COLUMN email text;\n");
        assertThat(ferry().load().upgrade("head").steps()).as("ignored without out-of-order").isEmpty();
        assertThat(ferry().outOfOrder(true).load().upgrade("head").steps()).extracting(s -> s.revision())
                .containsExactly("2");
        flyway(true).validate();
        assertThat(db.column("SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'"))
                .containsExactly("1");
    }

    @Test
    void cleanEmptiesTheSchema() throws Exception {
        ferry().load().upgrade("head");
        ferry().load().flyway().clean("public");
        assertThat(db.column("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"))
                .containsExactly("0");
    }
}
