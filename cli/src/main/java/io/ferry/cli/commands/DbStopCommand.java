package io.ferry.cli.commands;

import io.ferry.cli.json.ServerJson;
import io.ferry.cli.support.Output;
import io.ferry.workspace.EmbeddedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stop", sortOptions = false,
        description = "Stop the embedded PostgreSQL of .ferry/pg, whoever uses it, and whether it is ready,"
                + " starting or stopping: open sessions are rolled back (a fast shutdown). Does nothing if it"
                + " is not running.",
        footerHeading = "%nExamples:%n", footer = {"  ferry db stop"})
public class DbStopCommand extends FileCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print {\"stopped\": true|false, \"pid\": N} on stdout.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        List<String> notes = new ArrayList<>();
        OptionalLong stopped = EmbeddedServer.stop(notes);
        notes.forEach(n -> out.note("ferry: " + n));
        if (json) {
            out.json(new ServerJson.Stopped(stopped.isPresent(), stopped.isPresent() ? stopped.getAsLong() : null));
        } else if (stopped.isPresent()) {
            out.line("stopped the embedded PostgreSQL in " + EmbeddedServer.DATA + " (pid " + stopped.getAsLong() + ")");
        } else {
            out.line("the embedded PostgreSQL in " + EmbeddedServer.DATA + " is not running");
        }
        return 0;
    }
}
