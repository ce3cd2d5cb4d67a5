package io.ferry.runbook.testing;

import io.ferry.migration.FerryConfiguration;
import jakarta.inject.Singleton;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server's database as a test reaches it from outside, as another process would: its URL and credentials from
 * the configuration {@link ServerDatabase} gave. Inject it into a {@code @QuarkusTest}.
 */
@Singleton
public class ServerConnections {

    /** Absent for the tests that start the server without a database. */
    private final Optional<String> url;
    private final Optional<String> user;
    private final Optional<String> password;

    public ServerConnections(@ConfigProperty(name = "ferry.url") Optional<String> url,
                             @ConfigProperty(name = "ferry.user") Optional<String> user,
                             @ConfigProperty(name = "ferry.password") Optional<String> password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** A data source of the test's own, no pool. */
    public DataSource dataSource() {
        return FerryConfiguration.simpleDataSource(url.orElseThrow(), user.orElse(null), password.orElse(null));
    }

    /** The database's name, the last part of its URL. */
    public String name() {
        String given = url.orElseThrow();
        return given.substring(given.lastIndexOf('/') + 1).replaceAll("\\?.*$", "");
    }
}
