package io.ferry.runbook.admin;

import io.ferry.runbook.project.ServerProject;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The secret that admin actions need: {@code ferry.admin-token} ({@code FERRY_ADMIN_TOKEN}), or else one
 * generated at start (32 random bytes, base64url) and written to {@code <project>/.ferry/admin-token},
 * readable by its owner only. The log names the file, never the token; nothing here ever returns it.
 */
@Startup
@ApplicationScoped
public class AdminToken {

    /** Where a generated token is written, under the project's folder. */
    public static final Path FILE = Path.of(".ferry", "admin-token");

    private static final Logger LOG = Logger.getLogger(AdminToken.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Optional<String> configured;
    private final ServerProject project;
    /** Null when none could be set up: then no request is an admin's. */
    private byte[] token;

    public AdminToken(@ConfigProperty(name = "ferry.admin-token") Optional<String> configured, ServerProject project) {
        this.configured = configured.map(String::strip).filter(t -> !t.isEmpty());
        this.project = project;
    }

    @PostConstruct
    void resolve() {
        if (configured.isPresent()) {
            token = configured.get().getBytes(StandardCharsets.UTF_8);
            return;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = project.projectDir().resolve(FILE);
        try {
            write(file, generated);
        } catch (UncheckedIOException e) {
            // The server still serves its pages; only its admin actions are out of reach.
            LOG.warnf("Admin actions are disabled: %s; set FERRY_ADMIN_TOKEN instead", e.getMessage());
            return;
        }
        token = generated.getBytes(StandardCharsets.UTF_8);
        LOG.infof("Admin token generated and written to %s (readable by its owner only): send it as"
                + " 'Authorization: Bearer <token>', or set FERRY_ADMIN_TOKEN", file);
    }

    /** Whether {@code presented} is the token, compared in constant time. */
    public boolean matches(String presented) {
        if (token == null || presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces the file with a new one created owner-only, so the token is never readable by others. */
    private static void write(Path file, String value) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the admin token to " + file + ": " + e.getMessage(), e);
        }
    }
}
