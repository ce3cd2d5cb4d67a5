package io.ferry.cli.commands;

import io.ferry.cli.support.Output;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion",
        description = "Print a shell completion script for ferry.",
        footerHeading = "%nExamples:%n",
        footer = {"  source <(ferry completion bash)", "  ferry completion bash > /etc/bash_completion.d/ferry"})
public class CompletionCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SHELL", description = "The shell: bash (the script also works in zsh with"
            + " bashcompinit).")
    Shell shell;

    enum Shell { bash }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        new Output(spec).line(AutoComplete.bash("ferry", spec.root().commandLine()));
        return 0;
    }
}
