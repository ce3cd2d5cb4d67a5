package io.ferry.cli.commands;

import io.ferry.cli.support.EmbeddedServer;
import io.ferry.cli.support.Output;
import io.ferry.cli.support.Postmaster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", sortOptions = false,
        description = "Say whether the embedded PostgreSQL of .ferry/pg is running, with its pid, port and"
                + " data folder. Exit 0 when it runs, 1 when it does not.",
        footerHeading = "%nExamples:%n", footer = {"  ferry db status", "  ferry db status --json"})
public class DbStatusCommand extends FileCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print {\"running\", \"pid\", \"port\", \"dataDir\", \"url\", \"log\"}"
            + " on stdout ({\"running\": false, \"dataDir\"} when it is not running).")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        List<String> notes = new ArrayList<>();
        Optional<Postmaster> running = EmbeddedServer.running(notes);
        notes.forEach(n -> out.note("ferry: " + n));
        if (json) {
            out.json(running.map(DbStatusCommand::json).orElseGet(() -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("running", false);
                m.put("dataDir", EmbeddedServer.DATA.toAbsolutePath().toString());
                return m;
            }));
        } else if (running.isPresent()) {
            Postmaster pm = running.get();
            out.line("running: the embedded PostgreSQL in " + EmbeddedServer.DATA);
            out.line("pid:     " + pm.pid());
            out.line("port:    " + pm.port());
            out.line("data:    " + EmbeddedServer.DATA.toAbsolutePath());
            out.line("url:     " + EmbeddedServer.url(pm) + " (user postgres)");
            out.line("since:   " + pm.startedAt());
        } else {
            out.line("not running: the embedded PostgreSQL in " + EmbeddedServer.DATA + " ('ferry db start' starts it)");
        }
        return running.isPresent() ? 0 : 1;
    }

    static Map<String, Object> json(Postmaster pm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("running", true);
        m.put("pid", pm.pid());
        m.put("port", pm.port());
        m.put("dataDir", EmbeddedServer.DATA.toAbsolutePath().toString());
        m.put("url", EmbeddedServer.url(pm));
        m.put("user", "postgres");
        m.put("log", EmbeddedServer.LOG.toAbsolutePath().toString());
        m.put("startedAt", pm.startedAt().toString());
        return m;
    }
}
