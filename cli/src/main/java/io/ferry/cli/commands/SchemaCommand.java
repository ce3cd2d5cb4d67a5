package io.ferry.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "schema", sortOptions = false,
        description = "Read a database's schema as a snapshot, or compare two schemas: databases, snapshot"
                + " files, or what the migration files produce, replayed on a scratch database.",
        subcommands = {SchemaDumpCommand.class, SchemaDiffCommand.class, HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ferry schema dump",
                "  ferry schema dump --json > schema.json",
                "  ferry schema diff schema.json migrations@head",
                "  ferry schema diff postgres://prod/app migrations@heads --sql",
                "",
                "See docs/schema.md; 'ferry drift' compares the database with its",
                "own revisions."})
public class SchemaCommand extends GroupCommand {
}
