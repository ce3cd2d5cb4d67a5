package io.ferry.cli.commands;

import io.ferry.cli.support.ConnectionOptions;
import io.ferry.cli.support.ProjectOptions;
import io.ferry.cli.support.VerboseOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every Ferry command and command group declares: the project, connection and verbose options,
 * under the names by which {@link io.ferry.cli.support.GlobalOptions} finds them at each level of the line.
 */
abstract class OptionsCommand {

    @Mixin(name = ProjectOptions.MIXIN)
    ProjectOptions project;

    @Mixin(name = ConnectionOptions.MIXIN)
    ConnectionOptions connection;

    @Mixin(name = VerboseOption.MIXIN)
    VerboseOption verboseOption;

    @Spec
    CommandSpec spec;
}
