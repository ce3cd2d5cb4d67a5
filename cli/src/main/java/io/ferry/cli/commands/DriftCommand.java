package io.ferry.cli.commands;

import io.ferry.cli.json.DriftJson;
import io.ferry.cli.support.DevServerOption;
import io.ferry.cli.support.Output;
import io.ferry.workspace.SchemaDrift;
import io.ferry.workspace.Workspace;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "drift", sortOptions = false,
        description = "Compare the database's schema with the one its applied revisions produce (replayed on a"
                + " scratch database). Exit 0 and 'no drift' when they are the same; 1 when they differ, printing"
                + " each difference (\"index x is missing\": the revisions made it and the database lacks it;"
                + " \"table y is extra\": made by hand), and every index that is not valid, with its fix. Changes"
                + " nothing.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry drift", "  ferry drift --json",
                "  ferry drift --dev-url postgres://me@localhost:5432/postgres"})
public class DriftCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print {\"drift\": ..., \"current\": [...], \"changes\": [...],"
            + " \"invalidIndexes\": [{\"index\", \"table\", \"fix\"}]}; changes as in 'ferry schema diff --json',"
            + " from the database to what its revisions produce.")
    boolean json;

    @Mixin
    DevServerOption devServer;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            // Revisions no file defines cannot be replayed: Workspace.drift says where the database stands instead.
            SchemaDrift drift = ws.drift(devServer.url());
            SchemaSources.warnOnVersions(out, "the database", new SchemaSources.Read(drift.live(),
                    OptionalInt.of(drift.liveMajor())), "the scratch database",
                    new SchemaSources.Read(drift.expected(), OptionalInt.of(drift.expectedMajor())));
            List<String> current = drift.current();
            List<DriftJson.InvalidIndex> invalid = drift.invalidIndexes().stream()
                    .map(i -> new DriftJson.InvalidIndex(i.index(), i.table(), i.fix())).toList();
            if (json) {
                out.json(DriftJson.of(current, drift.changes(), invalid));
                return drift.drift() ? 1 : 0;
            }
            if (!drift.drift()) {
                out.line("no drift: the schema is what the applied revisions produce (at " + Describe.heads(current) + ")");
                return 0;
            }
            drift.differences().forEach(out::line);
            invalid.forEach(i -> out.line("index " + i.index() + " is invalid: " + i.fix()));
            return 1;
        }
    }
}
