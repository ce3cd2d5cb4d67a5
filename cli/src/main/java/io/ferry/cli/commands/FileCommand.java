package io.ferry.cli.commands;

import io.ferry.cli.support.Output;
import io.ferry.cli.support.ProjectOptions;
import io.ferry.cli.support.Workspace;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that reads the migration files only. */
abstract class FileCommand {

    @Mixin
    ProjectOptions project;

    @Spec
    CommandSpec spec;

    Output output() {
        return new Output(spec);
    }

    Workspace workspace(Output out) {
        return Workspace.files(project, out.err());
    }
}
