package io.ferry.cli.commands;

import io.ferry.cli.json.StampJson;
import io.ferry.cli.support.Output;
import io.ferry.migration.MigrationResult;
import io.ferry.workspace.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stamp", sortOptions = false,
        description = "Record that the database is at the given revisions, without running any SQL: after"
                + " changes made by hand, or to adopt a database that already has the schema.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry stamp head              adopt a database whose schema matches the files",
                "  ferry stamp ae10 c3f2         set two heads", "  ferry stamp base              forget everything",
                "  ferry stamp 9b1e --purge      replace whatever ferry_version holds"})
public class StampCommand extends ChangeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "REV", arity = "1..*", description = "Revisions the database is at: ids, prefixes,"
            + " head, heads, LABEL@head, or base to empty ferry_version.")
    List<String> revisions;

    @Option(names = "--purge", description = "Empty ferry_version first (needed when it holds revisions the files"
            + " no longer define).")
    boolean purge;

    @Option(names = "--json", description = "Print {\"headsBefore\": [...], \"headsAfter\": [...]} on stdout.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            MigrationResult result = ws.ferry().stamp(revisions, purge);
            if (json) {
                out.json(StampJson.of(result));
            } else {
                out.line("stamped: the database is at " + Describe.heads(result.headsAfter()) + " (was " + Describe.heads(result.headsBefore()) + ")");
            }
        }
        return 0;
    }
}
