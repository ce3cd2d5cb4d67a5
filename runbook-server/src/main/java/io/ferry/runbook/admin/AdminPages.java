package io.ferry.runbook.admin;

import io.ferry.runbook.snapshot.Snapshot;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The admin pages, Qute templates under {@code templates/admin/}, checked when the server is built. Every
 * value they show is escaped for HTML.
 */
@CheckedTemplate(basePath = "admin", defaultName = CheckedTemplate.HYPHENATED_ELEMENT_NAME)
public class AdminPages {

    private AdminPages() {
    }

    /** {@code migrations.html}: the dashboard of {@code /admin/migrations}; {@code target} is what Retry upgrades to. */
    public static native TemplateInstance migrations(Snapshot snapshot, boolean signedIn, String target);

    /** {@code sign-in.html}: the sign-in form, with what went wrong ({@code error}, or null). */
    public static native TemplateInstance signIn(String error, boolean signedIn);
}
