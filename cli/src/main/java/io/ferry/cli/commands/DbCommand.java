package io.ferry.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "db", sortOptions = false,
        description = "Keep the embedded PostgreSQL of .ferry/pg running between commands, so that each one"
                + " connects in milliseconds instead of starting and stopping a server.",
        subcommands = {DbStartCommand.class, DbStopCommand.class, DbStatusCommand.class, HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ferry db start      start it, and leave it running",
                "  ferry current       connects to the running server",
                "  ferry db status     its pid, port and data folder",
                "  ferry db stop       stop it",
                "",
                "Commands given no database (--url, FERRY_URL, DATABASE_URL, url in",
                "ferry.yaml) use the server running in .ferry/pg; if none runs, each",
                "starts one for itself and stops it when it ends. See docs/cli.md."})
public class DbCommand extends GroupCommand {
}
