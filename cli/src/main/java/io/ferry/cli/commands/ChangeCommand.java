package io.ferry.cli.commands;

import io.ferry.cli.support.Output;
import io.ferry.cli.support.RunOptions;
import io.ferry.workspace.Workspace;
import picocli.CommandLine.Mixin;

/** A command that changes the database, under the migration lock. */
abstract class ChangeCommand extends DatabaseCommand {

    @Mixin
    RunOptions run;

    @Override
    Workspace workspace(Output out) {
        return Workspace.run(project().settings(), connection().settings(), run.settings(), System.getenv(),
                out.err());
    }
}
