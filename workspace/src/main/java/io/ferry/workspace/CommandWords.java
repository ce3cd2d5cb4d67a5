package io.ferry.workspace;

import io.ferry.backfill.BackfillRemedy;
import io.ferry.migration.api.MigrationRemedy;
import io.ferry.migration.api.Remedy;

/**
 * The command line's words for the actions of a {@link Remedy}: its flags and commands. The core names
 * what to change; only this class knows what the command line calls it. Both {@code ferry}'s errors and
 * the runbook server's hints use it, since the engineer who reads either acts with the {@code ferry}
 * command.
 */
public final class CommandWords {

    private CommandWords() {
    }

    /** The remedy as the command line says it. */
    public static String say(Remedy remedy) {
        return remedy.render(CommandWords::say);
    }

    /** One action as the command line says it; a kind it has no words for keeps the library's. */
    public static String say(Remedy.Action action) {
        if (action.kind() instanceof MigrationRemedy kind) {
            return say(kind, String.join(" ", action.arguments()));
        }
        if (action.kind() instanceof BackfillRemedy kind) {
            return switch (kind) {
                case RESTART -> "--restart";
                case BATCH_LOCK_TIMEOUT -> "--lock-timeout";
                case SHOW_STATUS -> "ferry backfill status";
            };
        }
        return action.inLibraryTerms();
    }

    private static String say(MigrationRemedy kind, String args) {
        return switch (kind) {
            case CONNECT_TIMEOUT -> "--connect-timeout";
            case DATABASE_URL -> "the URL (--url, $FERRY_URL, or url in ferry.yaml)";
            case CREDENTIALS -> "--user and --password (or $FERRY_USER and $FERRY_PASSWORD)";
            case LOCK_WAIT -> "--lock-wait";
            case LOCK_TIMEOUT -> "--lock-timeout";
            case LOCK_RETRY_BUDGET -> "--lock-retry-for";
            case RETRY_LIMIT -> "--retries";
            case STATEMENT_TIMEOUT -> "--statement-timeout";
            case HISTORY_SCHEMA -> "--schema " + or(args, "SCHEMA");
            case RESUME -> "--resume";
            case RESTART -> "--restart";
            case ALLOW_DATA_LOSS -> "--allow-data-loss";
            case LOCATIONS -> "--dir";
            case FLYWAY_FORMAT -> "--flyway, or format: flyway in ferry.yaml";
            case PLACEHOLDER -> "placeholders in ferry.yaml, or --placeholder NAME=VALUE";
            case REVISION_ID -> "--rev-id";
            case BASELINE_VERSION -> "--baseline-version " + or(args, "VERSION");
            case PURGE -> args.isEmpty() ? "--purge" : "ferry stamp --purge " + args;
            case UPGRADE -> "ferry upgrade " + or(args, "TARGET");
            case DOWNGRADE -> "ferry downgrade " + or(args, "TARGET");
            case STAMP -> args.isEmpty() ? "ferry stamp" : "ferry stamp " + args;
            case BASELINE -> "ferry baseline --baseline-version " + or(args, "VERSION");
            case MERGE -> "ferry merge " + or(args, "REV REV") + " -m MESSAGE";
            case NEW_REVISION -> args.isEmpty() ? "ferry revision" : "ferry revision -m " + args;
            case SHOW_REVISIONS -> "ferry history";
            case SHOW_CURRENT -> "ferry history --indicate-current";
            case SHOW_BRANCHES -> "ferry branches";
            case SHOW_STATUS -> "ferry status";
            case SHOW_VERSIONS -> "ferry info";
        };
    }

    private static String or(String args, String placeholder) {
        return args.isEmpty() ? placeholder : args;
    }
}
