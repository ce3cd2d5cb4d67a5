package io.ferry.migration.api;

import java.util.Locale;

/**
 * A stable error code. Each module keeps its codes in an enum of its own that implements this
 * interface ({@link MigrationErrorCode} for the core; every module built on it has its own), so the core
 * never names a module above it. A code never changes meaning once released: scripts, alert rules and the
 * runbooks key on its {@link #id()}.
 */
public interface ErrorCode {

    /** The enum constant's name, for example {@code DUPLICATE_REVISION}. */
    String name();

    /** What kind of trouble this is; it decides the command line's exit code. */
    ErrorCategory category();

    /** The runbook page under {@code docs/runbooks/} whose section explains this code. */
    String runbookPage();

    /** The stable, lower-case, dash-separated form of the code, for example {@code duplicate-revision}. */
    default String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The runbook section that explains this error, relative to the repository root. */
    default String runbook() {
        return "docs/runbooks/" + runbookPage() + "#" + id();
    }

    /**
     * The runbook section as the runbook server publishes it under {@code baseUrl} (the server's public
     * address, {@code FERRY_PUBLIC_URL}): {@code <baseUrl>/runbooks/<page without .md>#<id>}. The server
     * is being built and does not serve these pages yet.
     */
    default String runbookUrl(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String page = runbookPage().endsWith(".md")
                ? runbookPage().substring(0, runbookPage().length() - 3) : runbookPage();
        return base + "/runbooks/" + page + "#" + id();
    }

    /** The exit code of a command that stops on this error. */
    default int exitCode() {
        return category().exitCode();
    }
}
