package io.ferry.cli.commands;

import io.ferry.cli.json.ServerJson;
import io.ferry.cli.support.Output;
import io.ferry.workspace.EmbeddedServer;
import io.ferry.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "start", sortOptions = false,
        description = "Start the embedded PostgreSQL of .ferry/pg (under the current folder) and leave it"
                + " running in the background until 'ferry db stop': later commands here connect to it. Its"
                + " messages go to .ferry/pg.log. If it is running already, keeps it running.",
        footerHeading = "%nExamples:%n",
        footer = {"  ferry db start", "  ferry db start --port 54329 --json"})
public class DbStartCommand extends FileCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT",
            description = "The TCP port to listen on, on localhost (default: a free one).")
    int port;

    @Option(names = "--json", description = "Print the server as db status --json does, with \"startedNow\".")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--port must be a TCP port from 1 to 65535 (or 0 for a free one), not " + port);
        }
        boolean urlGiven;
        try (Workspace ws = Workspace.database(project().settings(), connection().settings(), System.getenv(),
                out.err())) {
            urlGiven = ws.hasUrl();
        }
        List<String> notes = new ArrayList<>();
        EmbeddedServer.Started started = EmbeddedServer.startKept(port, notes);
        notes.forEach(n -> out.note("ferry: " + n));
        if (!started.startedNow() && port > 0 && started.postmaster().port() != port) {
            out.note("ferry: it was running already, on port " + started.postmaster().port() + ", not " + port
                    + " (stop it first to change the port)");
        }
        if (json) {
            out.json(new ServerJson.Started(DbStatusCommand.json(started.postmaster()), started.startedNow()));
        } else {
            out.line((started.startedNow() ? "started" : "already running:") + " the embedded PostgreSQL in "
                    + EmbeddedServer.DATA + ", pid " + started.postmaster().pid() + ", port "
                    + started.postmaster().port());
            out.line("url: " + EmbeddedServer.url(started.postmaster()) + " (user postgres)");
            out.line("ferry commands here use it until 'ferry db stop'");
        }
        if (urlGiven) {
            out.note("ferry: note: a database URL is set (--url, FERRY_URL, DATABASE_URL or url in ferry.yaml),"
                    + " so commands use that server, not this one");
        }
        return 0;
    }
}
