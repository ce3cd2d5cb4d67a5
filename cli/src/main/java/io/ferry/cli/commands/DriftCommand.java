package io.ferry.cli.commands;

import io.ferry.cli.json.DriftJson;
import io.ferry.cli.support.DevServerOption;
import io.ferry.cli.support.Output;
import io.ferry.migration.Status;
import io.ferry.migration.schema.Index;
import io.ferry.migration.schema.ObjectKind;
import io.ferry.migration.schema.SchemaChange;
import io.ferry.migration.schema.SchemaDiff;
import io.ferry.migration.schema.SchemaSnapshot;
import io.ferry.migration.sql.Quote;
import io.ferry.workspace.Workspace;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
            Status status = ws.ferry().status();
            // Revisions no file defines cannot be replayed: say where the database stands instead.
            status.unknownRevisions().ifPresent(u -> {
                throw u.exception();
            });
            List<String> current = status.currentHeads();
            SchemaSnapshot live = ws.snapshot();
            SchemaSources.Read expected = SchemaSources.replay(ws, devServer.url(), current);
            SchemaSources.warnOnVersions(out, "the database", new SchemaSources.Read(live,
                    OptionalInt.of(Workspace.majorVersion(ws.dataSource()))), "the scratch database", expected);
            List<SchemaChange> changes = SchemaDiff.between(live, expected.snapshot());
            List<Index> invalidIndexes = live.indexes().stream().filter(i -> !i.valid()).toList();
            List<DriftJson.InvalidIndex> invalid = invalidIndexes.stream()
                    .map(i -> invalid(i, expected.snapshot().indexes().stream().anyMatch(e -> same(e, i)))).toList();
            boolean drift = !invalid.isEmpty() || changes.stream().anyMatch(SchemaChange::difference);
            if (json) {
                out.json(DriftJson.of(current, changes, invalid));
                return drift ? 1 : 0;
            }
            if (!drift) {
                out.line("no drift: the schema is what the applied revisions produce (at " + Describe.heads(current) + ")");
                return 0;
            }
            // An invalid index is reported once, with its fix, not also as rebuilt or extra.
            Set<String> invalidNames = invalidIndexes.stream().map(i -> i.schema() + "." + i.name())
                    .collect(Collectors.toSet());
            changes.stream().filter(SchemaChange::difference)
                    .filter(c -> !(c.kind() == ObjectKind.INDEX && invalidNames.contains(c.object())))
                    .forEach(c -> out.line(c.description()));
            invalid.forEach(i -> out.line("index " + i.index() + " is invalid: " + i.fix()));
            return 1;
        }
    }

    /** An invalid index, and how to fix it: rebuilt when the revisions make it, else dropped. */
    private static DriftJson.InvalidIndex invalid(Index i, boolean made) {
        String name = "public".equals(i.schema()) ? i.name() : i.schema() + "." + i.name();
        String quoted = ("public".equals(i.schema()) ? "" : ident(i.schema()) + ".") + ident(i.name());
        String fix = made ? "rebuild it with REINDEX INDEX CONCURRENTLY " + quoted + ", or drop it and create it again"
                : "no revision makes it (a failed CREATE INDEX CONCURRENTLY left it): drop it with DROP INDEX"
                        + " CONCURRENTLY " + quoted + ", or rebuild it with REINDEX INDEX CONCURRENTLY " + quoted
                        + " and write a revision that makes it";
        return new DriftJson.InvalidIndex(name, i.schema() + "." + i.table(), fix);
    }

    /** A name as it can be written in SQL: bare when PostgreSQL would read it unchanged, else quoted. */
    private static String ident(String name) {
        return name.matches("[a-z_][a-z0-9_]*") ? name : Quote.ident(name);
    }

    private static boolean same(Index a, Index b) {
        return a.schema().equals(b.schema()) && a.name().equals(b.name());
    }

}
