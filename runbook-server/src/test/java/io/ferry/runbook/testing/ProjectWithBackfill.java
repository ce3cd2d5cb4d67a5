package io.ferry.runbook.testing;

import io.ferry.backfill.JobDefinition;
import io.ferry.backfill.JobOptions;
import io.ferry.runbook.project.WorkspaceProject;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The configured project with one backfill job declared, {@value #JOB}: hashes the title and body of
 * {@code documents} into {@code content_hash}. Enabled by {@link Profiles.Live} only.
 */
@Alternative
@Singleton
public class ProjectWithBackfill extends WorkspaceProject {

    public static final String JOB = "document-hashes";

    public static final JobDefinition DEFINITION = new JobDefinition(JOB, "hash", new JobOptions(JOB, Map.of(
            "table", "documents", "key", "id", "columns", List.of("title", "body"), "target", "content_hash")));

    public ProjectWithBackfill(@ConfigProperty(name = "ferry.url") Optional<String> url,
                               @ConfigProperty(name = "ferry.user") Optional<String> user,
                               @ConfigProperty(name = "ferry.password") Optional<String> password,
                               @ConfigProperty(name = "ferry.connect-timeout") Optional<Duration> connectTimeout,
                               @ConfigProperty(name = "ferry.project-dir") Optional<String> projectDir,
                               @ConfigProperty(name = "ferry.dir") Optional<String> dirs,
                               @ConfigProperty(name = "ferry.schema") Optional<String> schema,
                               @ConfigProperty(name = "ferry.lock-wait") Optional<Duration> lockWait,
                               @ConfigProperty(name = "ferry.embedded", defaultValue = "true") boolean embedded) {
        super(url, user, password, connectTimeout, projectDir, dirs, schema, lockWait, embedded);
    }

    @Override
    public List<JobDefinition> backfillJobs() {
        return List.of(DEFINITION);
    }
}
