package io.ferry.cli.commands;

import io.ferry.cli.json.ValidateJson;
import io.ferry.cli.support.Output;
import io.ferry.migration.ChecksumMismatch;
import io.ferry.migration.ValidationResult;
import io.ferry.workspace.Workspace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", sortOptions = false,
        description = "Compare every applied revision with its file: exit 1 when a file was edited after it was"
                + " applied, or an applied revision's file is missing.",
        footerHeading = "%nExamples:%n", footer = {"  ferry validate", "  ferry validate --json"})
public class ValidateCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print {\"valid\": ..., \"mismatches\": [...], \"missing\": [...]}.")
    boolean json;

    @Override
    public Integer call() {
        Output out = output();
        try (Workspace ws = workspace(out)) {
            ValidationResult result = ws.ferry().validate();
            if (json) {
                out.json(ValidateJson.of(result));
            } else {
                for (ChecksumMismatch mismatch : result.mismatches()) {
                    out.line("edited: " + mismatch.describe());
                }
                for (String id : result.missing()) {
                    out.line("missing: revision " + id + " is applied, but no migration file defines it");
                }
                if (result.valid()) {
                    out.line("valid: every applied revision matches its file");
                }
            }
            return result.valid() ? 0 : 1;
        }
    }
}
