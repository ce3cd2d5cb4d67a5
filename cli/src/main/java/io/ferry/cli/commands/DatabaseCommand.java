package io.ferry.cli.commands;

import io.ferry.cli.support.ConnectionOptions;
import io.ferry.cli.support.Output;
import io.ferry.cli.support.Workspace;
import picocli.CommandLine.Mixin;

/** A command that reads the database too, and changes nothing. */
abstract class DatabaseCommand extends FileCommand {

    @Mixin
    ConnectionOptions connection;

    @Override
    Workspace workspace(Output out) {
        return Workspace.database(project, connection, out.err());
    }
}
