package io.ferry.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(
        name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Carries a PostgreSQL database from one version to the next.",
        subcommands = {HeadsCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  success",
                "  1  the operation ran and failed, or a check found a problem",
                "  2  usage or invalid input (bad flag, bad target, malformed migration files)",
                "  3  cannot connect to or authenticate with the database",
                "  4  the migration lock was not acquired in time"})
public class FerryCommand {
}
