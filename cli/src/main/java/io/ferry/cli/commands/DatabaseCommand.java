package io.ferry.cli.commands;

import io.ferry.cli.support.Output;
import io.ferry.workspace.Workspace;

/** A command that reads the database too, and changes nothing. */
abstract class DatabaseCommand extends FileCommand {

    @Override
    Workspace workspace(Output out) {
        return Workspace.database(project().settings(), connection().settings(), System.getenv(), out.err());
    }
}
