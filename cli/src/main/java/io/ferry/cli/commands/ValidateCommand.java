package io.ferry.cli.commands;

import io.ferry.cli.support.ConnectionOptions;
import io.ferry.cli.support.Output;
import io.ferry.cli.support.ProjectOptions;
import io.ferry.cli.support.Workspace;
import io.ferry.migration.ChecksumMismatch;
import io.ferry.migration.ValidationResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", sortOptions = false,
        description = "Compare every applied revision with its file: exit 1 when a file was edited after it was"
                + " applied, or an applied revision's file is missing.",
        footerHeading = "%nExamples:%n", footer = {"  ferry validate", "  ferry validate --json"})
public class ValidateCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ProjectOptions project;

    @Option(names = "--json", description = "Print {\"valid\": ..., \"mismatches\": [...], \"missing\": [...]}.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Output out = new Output(spec);
        try (Workspace ws = Workspace.database(project, connection, out.err())) {
            ValidationResult result = ws.ferry().validate();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("valid", result.valid());
                m.put("mismatches", result.mismatches());
                m.put("missing", result.missing());
                out.json(m);
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
