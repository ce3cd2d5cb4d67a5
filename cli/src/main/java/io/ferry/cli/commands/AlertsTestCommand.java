package io.ferry.cli.commands;

import io.ferry.alerts.AlertsSettings;
import io.ferry.alerts.Dispatcher;
import io.ferry.alerts.SinkSettings;
import io.ferry.cli.json.AlertTestJson;
import io.ferry.cli.support.Output;
import io.ferry.migration.api.FerryException;
import io.ferry.migration.api.MigrationErrorCode;
import io.ferry.workspace.Workspace;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

@Command(name = "test", sortOptions = false,
        description = "Send a test alert through every sink of ferry.yaml, or through SINK, at once, and say how"
                + " each answered. Exit 0 when every sink accepted it, 1 when one did not. Reads no database.",
        footerHeading = "%nExamples:%n", footer = {"  ferry alerts test", "  ferry alerts test pager",
                "  ferry alerts test --json"})
public class AlertsTestCommand extends FileCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "SINK", description = "The sink's name in ferry.yaml; all when left out.")
    String sink;

    @Option(names = "--json", description = "Print {\"delivered\": ..., \"sinks\": [{\"sink\", \"delivered\","
            + " \"status\", \"error\"}]}.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        AlertsSettings settings;
        try (Workspace ws = workspace(out)) {
            settings = ws.alerts();
        }
        List<String> names = settings.sinks().stream().map(SinkSettings::name).toList();
        if (names.isEmpty()) {
            throw new FerryException(MigrationErrorCode.INVALID_CONFIGURATION, "no alert sinks are configured, so"
                    + " there is nothing to test",
                    "declare sinks under alerts: sinks: in ferry.yaml; see docs/alerts.md");
        }
        if (sink != null && settings.sink(sink) == null) {
            throw new ParameterException(spec.commandLine(), "unknown sink '" + sink + "': the sinks are "
                    + String.join(", ", names));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Dispatcher.TestOutcome> outcomes = Dispatcher.test(settings, sink, http, Clock.systemUTC());
        if (json) {
            out.json(AlertTestJson.of(outcomes));
        } else {
            int width = outcomes.stream().mapToInt(o -> o.sink().length()).max().orElse(4);
            for (Dispatcher.TestOutcome o : outcomes) {
                out.line(String.format("%-" + width + "s  %s", o.sink(), o.delivered()
                        ? "delivered (HTTP " + o.status() + ")" : "failed: " + o.error()));
            }
        }
        return outcomes.stream().allMatch(Dispatcher.TestOutcome::delivered) ? 0 : 1;
    }
}
