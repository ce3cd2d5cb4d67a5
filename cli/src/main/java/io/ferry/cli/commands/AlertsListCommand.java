package io.ferry.cli.commands;

import io.ferry.alerts.AlertsSettings;
import io.ferry.alerts.Dispatcher;
import io.ferry.alerts.RuleInfo;
import io.ferry.alerts.Rules;
import io.ferry.alerts.SinkSettings;
import io.ferry.cli.json.AlertsJson;
import io.ferry.cli.support.Output;
import io.ferry.migration.api.Durations;
import io.ferry.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", sortOptions = false,
        description = "List the alert sinks of ferry.yaml (secrets hidden) and whether each is enabled, then the"
                + " alert rules with their severities and thresholds. Reads no database.",
        footerHeading = "%nExamples:%n", footer = {"  ferry alerts list", "  ferry alerts list --json"})
public class AlertsListCommand extends FileCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print {\"publicUrl\", \"retry\", \"sinks\": [...], \"rules\": [...]}.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            AlertsSettings settings = ws.alerts();
            List<Dispatcher.SinkState> sinks = Dispatcher.sinkStates(settings, ws.root().resolve(Dispatcher.SPOOL));
            if (json) {
                out.json(AlertsJson.of(settings, sinks));
                return 0;
            }
            out.line("runbook links: " + (settings.publicUrl() == null ? "to docs/runbooks (no public-url is set)"
                    : settings.publicUrl()));
            out.line("retry: " + String.join(", ", settings.retry().stream().map(Durations::format).toList()));
            out.line("");
            if (sinks.isEmpty()) {
                out.line("no alert sinks are configured (add them under alerts: sinks: in ferry.yaml; see"
                        + " docs/alerts.md)");
            } else {
                table(out, sinkRows(sinks));
            }
            out.line("");
            table(out, ruleRows());
        }
        return 0;
    }

    private static List<List<String>> sinkRows(List<Dispatcher.SinkState> sinks) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("SINK", "TYPE", "MIN-SEVERITY", "RULES", "ENABLED", "URL"));
        for (Dispatcher.SinkState state : sinks) {
            SinkSettings s = state.settings();
            rows.add(List.of(s.name(), s.type().name().toLowerCase(Locale.ROOT), s.minSeverity().word(),
                    s.rules().isEmpty() ? "all" : String.join(",", s.rules().stream().sorted().toList()),
                    state.enabled() ? "yes" : "no: " + state.disabledBecause(), s.maskedUrl()));
        }
        return rows;
    }

    private static List<List<String>> ruleRows() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("RULE", "SEVERITY", "THRESHOLD", "FIRES WHEN"));
        for (RuleInfo rule : Rules.ALL) {
            rows.add(List.of(rule.name(), rule.severity().word(), rule.threshold() == null ? "at once"
                    : rule.threshold(), rule.firesWhen()));
        }
        return rows;
    }

    /** Columns padded to their widest cell, the last one left as it is. */
    private static void table(Output out, List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns - 1; i++) {
                line.append(String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.line(line.append(row.get(columns - 1)).toString());
        }
    }
}
