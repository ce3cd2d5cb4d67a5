package io.ferry.runbook.project;

import io.ferry.migration.api.FerryException;
import io.ferry.workspace.Workspace;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code ./ferry-server}: reads the command line as {@code ferry} reads its project and connection
 * options, checks the project and the database's URL, then runs the server until it is stopped. A line
 * that cannot be read, or a project that cannot be, stops it before anything starts, with {@code ferry}'s
 * error lines and exit code. Plain Picocli, so that the application stays a server: no command mode.
 */
@QuarkusMain
public class FerryServerMain implements QuarkusApplication {

    public static void main(String... args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        ServerCommand.Outcome outcome = prepare(args, System.getenv(), out, err);
        if (!outcome.starts()) {
            System.exit(outcome.exitCode());
        }
        ServerLaunch launch = outcome.launch();
        launch.quarkusConfig().forEach(System::setProperty);
        ServerLaunch.use(launch);
        Quarkus.run(FerryServerMain.class, args);
    }

    /**
     * Everything before the start: the command line read, then the project file, the database's URL and
     * the alert sinks checked (nothing connects yet). Starts nothing, so that tests can call it.
     */
    static ServerCommand.Outcome prepare(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        ServerCommand.Outcome outcome = ServerCommand.parse(args, env, out, err);
        if (!outcome.starts()) {
            return outcome;
        }
        try (Workspace check = outcome.launch().workspace(env, err)) {
            check.givenConnection();
            // The alert sinks: an unknown key or an unset ${VARIABLE} stops the start, naming it.
            check.alerts();
        } catch (FerryException e) {
            ServerCommand.reportFailure(err, e, outcome.launch().project(), env);
            return new ServerCommand.Outcome(null, e.code().exitCode());
        }
        return outcome;
    }

    /** The server runs until it is asked to stop (a signal, Ctrl-C). */
    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return 0;
    }
}
