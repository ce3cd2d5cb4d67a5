package io.ferry.cli.commands;

import io.ferry.cli.json.ServerJson;
import io.ferry.cli.support.Output;
import io.ferry.workspace.EmbeddedServer;
import io.ferry.workspace.Postmaster;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", sortOptions = false,
        description = "Say whether the embedded PostgreSQL of .ferry/pg is running, with its pid, port and"
                + " data folder, or why not. Changes nothing. Exit 0 when it runs, 1 when it does not.",
        footerHeading = "%nExamples:%n", footer = {"  ferry db status", "  ferry db status --json"})
public class DbStatusCommand extends FileCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print {\"running\", \"state\", \"pid\", \"port\", \"url\", \"kept\","
            + " ...} on stdout; state is running, starting, stopping, stopped or stale.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        Postmaster.State state = EmbeddedServer.state();
        if (state instanceof Postmaster.State.Running r) {
            Postmaster pm = r.postmaster();
            if (json) {
                out.json(json(pm));
            } else {
                out.line("running: the embedded PostgreSQL in " + EmbeddedServer.DATA
                        + (EmbeddedServer.isKept(pm) ? " (kept by 'ferry db start')" : " (stops after the last"
                        + " command using it)"));
                out.line("pid:     " + pm.pid());
                out.line("port:    " + pm.port());
                out.line("data:    " + EmbeddedServer.DATA.toAbsolutePath());
                out.line("url:     " + EmbeddedServer.url(pm) + " (user postgres)");
                out.line("since:   " + pm.startedAt());
            }
            return 0;
        }
        String name;
        String text;
        Long pid = null;
        String why = null;
        if (state instanceof Postmaster.State.Busy b) {
            name = b.what().startsWith("stopping") ? "stopping" : "starting";
            text = name + ": the embedded PostgreSQL in " + EmbeddedServer.DATA + " is " + b.what();
            pid = b.pid().isPresent() ? b.pid().getAsLong() : null;
        } else if (state instanceof Postmaster.State.Stale s) {
            name = "stale";
            text = "not running: the embedded PostgreSQL in " + EmbeddedServer.DATA + " is not running: " + s.why()
                    + " (the next command clears its pid file)";
            why = s.why();
        } else {
            name = "stopped";
            text = "not running: the embedded PostgreSQL in " + EmbeddedServer.DATA + " ('ferry db start' starts it)";
        }
        if (json) {
            out.json(ServerJson.Down.of(pid, why, name, EmbeddedServer.DATA.toAbsolutePath().toString()));
        } else {
            out.line(text);
        }
        return 1;
    }

    static ServerJson json(Postmaster pm) {
        return ServerJson.running(pm.pid(), pm.port(), EmbeddedServer.DATA.toAbsolutePath().toString(),
                EmbeddedServer.url(pm), "postgres", EmbeddedServer.LOG.toAbsolutePath().toString(),
                pm.startedAt().toString(), EmbeddedServer.isKept(pm));
    }
}
