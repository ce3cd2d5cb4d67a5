package io.ferry.cli.commands;

import io.ferry.cli.json.SchemaDiffJson;
import io.ferry.cli.support.DevServerOption;
import io.ferry.cli.support.Output;
import io.ferry.migration.schema.SchemaChange;
import io.ferry.migration.schema.SchemaDiff;
import io.ferry.workspace.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", sortOptions = false,
        description = "Compare two schemas. Exit 0 when they are the same; 1 when they differ, printing each"
                + " difference, as what TO has that FROM has not (\"index x is missing\"), or the SQL from FROM to"
                + " TO. Each side is a database URL, a snapshot file ('ferry schema dump --json'), or"
                + " migrations@REV: the schema the migration files produce up to REV (head, heads, a revision),"
                + " replayed on a scratch database. Changes nothing.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry schema diff schema.json migrations@head",
                "  ferry schema diff migrations@5cd038a8f131 migrations@head --sql",
                "  ferry schema diff postgres://prod/app migrations@heads \\",
                "      --dev-url postgres://me@localhost/postgres"})
public class SchemaDiffCommand extends DatabaseCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FROM", description = "The first schema: URL, file or migrations@REV.")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "The second schema: URL, file or migrations@REV.")
    String to;

    @Option(names = "--sql", description = "Print the statements that turn FROM's schema into TO's, each ending"
            + " with ';', instead of the differences.")
    boolean sql;

    @Option(names = "--json", description = "Print {\"equal\": ..., \"changes\": [{\"kind\", \"action\", \"object\","
            + " \"description\", \"difference\", \"forwardSql\", \"reverseSql\", \"losesData\","
            + " \"transactional\"}]}.")
    boolean json;

    @Mixin
    DevServerOption devServer;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            SchemaSources first = SchemaSources.parse(from, "FROM", ws);
            SchemaSources second = SchemaSources.parse(to, "TO", ws);
            SchemaSources.Read a = SchemaSources.read(first, ws, devServer.url());
            SchemaSources.Read b = SchemaSources.read(second, ws, devServer.url());
            SchemaSources.warnOnVersions(out, "FROM", a, "TO", b);
            List<SchemaChange> changes = SchemaDiff.between(a.snapshot(), b.snapshot());
            boolean equal = changes.stream().noneMatch(SchemaChange::difference);
            if (json) {
                out.json(SchemaDiffJson.of(changes));
            } else if (sql) {
                SchemaDiff.forwardSql(changes).forEach(s -> out.line(s + ";"));
            } else if (equal) {
                out.line("no differences");
            } else {
                changes.stream().filter(SchemaChange::difference).forEach(c -> out.line(c.description()));
            }
            return equal ? 0 : 1;
        }
    }
}
