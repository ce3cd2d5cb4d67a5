package io.ferry.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "alerts", sortOptions = false,
        description = "Show the alert sinks of ferry.yaml and the rules, or send a test alert through the sinks."
                + " The runbook server evaluates the rules and sends the alerts.",
        subcommands = {AlertsListCommand.class, AlertsTestCommand.class, HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  ferry alerts list", "  ferry alerts test", "  ferry alerts test pager --json",
                "", "Sinks are declared under alerts: in ferry.yaml; see docs/alerts.md."})
public class AlertsCommand extends GroupCommand {
}
