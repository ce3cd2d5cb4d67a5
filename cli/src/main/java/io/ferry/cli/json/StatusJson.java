package io.ferry.cli.json;

import io.ferry.migration.Status;
import io.ferry.migration.api.LockHolder;
import io.ferry.migration.api.Remedy;
import io.ferry.migration.history.HistoryEntry;
import java.util.List;
import java.util.function.Function;

/** {@code status}: where the database stands, its last failure and who holds the migration lock. */
public record StatusJson(boolean initialised, List<String> current, List<String> heads, List<String> pending,
                         List<String> unknown, UnknownRevisionsJson unknownRevisions, boolean upToDate,
                         Failure lastFailure, Lock lock) {

    /** The newest failure that nothing has put right since. */
    public record Failure(String revision, String action, String at, String error) {
        static Failure of(HistoryEntry e) {
            return new Failure(e.revision(), e.action().column(), e.startedAt().toString(), e.error().orElse(null));
        }
    }

    /** The session holding the migration lock. */
    public record Lock(int pid, String applicationName, String user, String clientAddress, String since,
                       String state) {
        static Lock of(LockHolder h) {
            return new Lock(h.pid(), h.applicationName(), h.user(), h.clientAddress().orElse(null),
                    h.since().toString(), h.state());
        }
    }

    /** The status, remedies in the words {@code words} gives them. */
    public static StatusJson of(Status status, Function<Remedy, String> words) {
        return new StatusJson(status.initialised(), status.currentHeads(), status.targetHeads(), status.pending(),
                status.unknown(), status.unknownRevisions().map(u -> UnknownRevisionsJson.of(u, words)).orElse(null),
                status.upToDate(), status.lastFailure().map(Failure::of).orElse(null),
                status.lockHolder().map(Lock::of).orElse(null));
    }
}
