import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * The Flyway side of bench/startup-vs-flyway.sh: the least a program can do with Flyway's Java API to
 * say which version a database is at, compiled once and run in a cold JVM each time:
 * {@code java -cp CLASSES:FLYWAY_AND_DRIVER_JARS FlywayCurrent URL USER PASSWORD FOLDER [migrate]}.
 *
 * <p>It configures Flyway with the data source and the migrations folder, runs {@code info()} and prints
 * the current version, as {@code ferry current} does. With {@code migrate} it first applies the folder
 * (with the session-level lock: Flyway's default transactional lock waits forever on
 * {@code CREATE INDEX CONCURRENTLY}); the bench uses that once, to set the database up.
 */
public final class FlywayCurrent {

    private FlywayCurrent() {
    }

    public static void main(String[] args) {
        String user = args[1].isEmpty() ? null : args[1];
        String password = args[2].isEmpty() ? null : args[2];
        FluentConfiguration conf = Flyway.configure().dataSource(args[0], user, password)
                .locations("filesystem:" + args[3]);
        if (args.length > 4 && args[4].equals("migrate")) {
            conf.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
            conf.load().migrate();
        }
        MigrationInfo current = conf.load().info().current();
        System.out.println(current == null ? "<< Empty Schema >>" : current.getVersion());
    }
}
