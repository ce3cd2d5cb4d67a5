package io.ferry.runbook.project;

import io.ferry.migration.Ferry;
import io.ferry.migration.FerryConfiguration;
import io.ferry.migration.Secrets;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A stop-gap {@link ServerProject} built from the server's configuration alone, to be replaced by the
 * {@code workspace} module (which also reads {@code DATABASE_URL}, {@code ferry.yaml} and starts the
 * embedded database). Settings, each also an environment variable in Quarkus's way
 * ({@code ferry.url} is {@code FERRY_URL}):
 * <ul>
 *   <li>{@code ferry.url}: the JDBC URL (required); {@code ferry.user}, {@code ferry.password}</li>
 *   <li>{@code ferry.project-dir}: the project's folder (default: the working directory)</li>
 *   <li>{@code ferry.dir}: the migration folders, separated by commas (default {@code <project>/migrations})</li>
 *   <li>{@code ferry.schema}: the schema of Ferry's tables (default {@code public})</li>
 *   <li>{@code ferry.lock-wait}: how long a run waits for another run's migration lock (default 60 s);
 *       {@code ferry.connect-timeout} (default 5 s)</li>
 * </ul>
 * The data source has no pool: the server holds a connection only for a refresh or a run.
 */
@ApplicationScoped
public class ConfiguredProject implements ServerProject {

    private final Optional<String> url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final Path projectDir;
    private final List<Path> dirs;
    private final String schema;
    private final Duration lockWait;
    private final Duration connectTimeout;
    private volatile DataSource dataSource;
    private volatile Ferry ferry;

    public ConfiguredProject(@ConfigProperty(name = "ferry.url") Optional<String> url,
                             @ConfigProperty(name = "ferry.user") Optional<String> user,
                             @ConfigProperty(name = "ferry.password") Optional<String> password,
                             @ConfigProperty(name = "ferry.project-dir", defaultValue = ".") String projectDir,
                             @ConfigProperty(name = "ferry.dir") Optional<String> dirs,
                             @ConfigProperty(name = "ferry.schema", defaultValue = "public") String schema,
                             @ConfigProperty(name = "ferry.lock-wait", defaultValue = "60s") Duration lockWait,
                             @ConfigProperty(name = "ferry.connect-timeout", defaultValue = "5s") Duration connectTimeout) {
        this.url = url.filter(u -> !u.isBlank());
        this.user = user.filter(u -> !u.isBlank());
        this.password = password;
        this.projectDir = Path.of(projectDir).toAbsolutePath().normalize();
        this.dirs = dirs.filter(d -> !d.isBlank())
                .map(d -> Arrays.stream(d.split(",")).map(String::trim).map(this.projectDir::resolve).toList())
                .orElse(List.of(this.projectDir.resolve("migrations")));
        this.schema = schema;
        this.lockWait = lockWait;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public DataSource dataSource() {
        DataSource ds = dataSource;
        if (ds == null) {
            synchronized (this) {
                if (dataSource == null) {
                    dataSource = FerryConfiguration.simpleDataSource(requireUrl(), user.orElse(null),
                            password.orElse(null), connectTimeout);
                }
                ds = dataSource;
            }
        }
        return ds;
    }

    @Override
    public Ferry ferry() {
        Ferry f = ferry;
        return f != null ? f : reload();
    }

    @Override
    public synchronized Ferry reload() {
        ferry = Ferry.configure().dataSource(dataSource()).connectTimeout(connectTimeout)
                .locations(dirs.toArray(Path[]::new)).schema(schema).lockWait(lockWait).load();
        return ferry;
    }

    @Override
    public Path projectDir() {
        return projectDir;
    }

    @Override
    public String schema() {
        return schema;
    }

    @Override
    public String describe() {
        return url.map(Secrets::maskUrl).orElse("(no database URL)");
    }

    private String requireUrl() {
        return url.orElseThrow(() -> new FerryException(MigrationErrorCode.INVALID_CONFIGURATION,
                "no database URL is configured", "set FERRY_URL (ferry.url) to the database's JDBC URL"));
    }
}
