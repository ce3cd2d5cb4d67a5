package io.ferry.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook server's public address, which error lines link to instead of the runbook's file:
 * {@code FERRY_PUBLIC_URL}, then {@code public-url} in the project file.
 */
public final class PublicUrl {

    private PublicUrl() {
    }

    /**
     * The address, when one is configured. A project file that cannot be read gives none: it is read here
     * only to word an error, and its own problem is reported where it is read for the command.
     */
    public static Optional<String> of(ProjectSettings project, Map<String, String> env) {
        String fromEnv = env.get("FERRY_PUBLIC_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.strip());
        }
        try {
            Path named = Workspace.namedProjectFile(project, env);
            Path file = named != null ? named : Path.of("ferry.yaml");
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String url = ProjectConfig.read(file).publicUrl();
            return url == null || url.isBlank() ? Optional.empty() : Optional.of(url.strip());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
