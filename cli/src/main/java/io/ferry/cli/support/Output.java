package io.ferry.cli.support;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** The command's two streams: results on stdout (one JSON document with --json), the rest on stderr. */
public final class Output {

    private final CommandSpec spec;

    public Output(CommandSpec spec) {
        this.spec = spec;
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    public void line(String text) {
        out().println(text);
        out().flush();
    }

    /**
     * Prints a large text (a schema snapshot's JSON, megabytes of it) as it is, without adding a line break.
     * On the process's standard output it is encoded once and written in one go, rather than a buffer at
     * a time through the writer's encoder; anywhere else (a test's writer) it goes through {@link #out()}.
     */
    public void document(String text) {
        PrintWriter out = out();
        if (out instanceof StandardOutput standard) {
            standard.writeBytes(text);
        } else {
            out.print(text);
            out.flush();
        }
    }

    public void json(Object document) {
        line(Json.write(document));
    }

    public void note(String text) {
        err().println(text);
        err().flush();
    }
}
