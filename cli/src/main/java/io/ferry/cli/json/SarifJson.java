package io.ferry.cli.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ferry.migration.lint.Finding;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.Severity;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code lint --format sarif}: the findings as a SARIF 2.1.0 log, for code-scanning tools. One run, whose tool is
 * {@code ferry} with every rule (its title and fix, and its section of {@code docs/lint.md}); a result per finding
 * at its file (relative to the project's root), line and column; a suppressed finding carries its comment's reason
 * as an in-source suppression.
 */
public record SarifJson(@JsonProperty("$schema") String schema, String version, List<Run> runs) {

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    /**
     * The log of {@code findings}.
     *
     * @param toolVersion Ferry's version
     * @param rules       the rules to describe: every rule, and the pseudo-rule of a comment without a reason
     * @param helpUri     the documentation of a rule, by its id
     * @param uri         a finding's file as the log names it
     */
    public static SarifJson of(String toolVersion, List<Rule> rules, List<Finding> findings,
                               UnaryOperator<String> uri) {
        List<Result> results = findings.stream().map(f -> new Result(f.rule(),
                f.severity() == Severity.ERROR ? "error" : "warning", new Text(f.message() + "; fix: " + f.fix()),
                List.of(new Location(new PhysicalLocation(new ArtifactLocation(uri.apply(f.file())),
                        new Region(f.line(), f.column())))),
                f.suppressed().map(reason -> List.of(new Suppression("inSource", reason))).orElse(null))).toList();
        return new SarifJson(SCHEMA, "2.1.0", List.of(new Run(new Tool(new Driver("ferry", toolVersion, rules)),
                results)));
    }

    /** A rule's description: {@code helpUri} is its section of {@code docs/lint.md}. */
    public record Rule(String id, Text shortDescription, Text help, String helpUri) {

        public static Rule of(LintRule rule, String helpUri) {
            return of(rule.id(), rule.title(), rule.fix(), helpUri);
        }

        public static Rule of(String id, String title, String fix, String helpUri) {
            return new Rule(id, new Text(title), new Text(fix), helpUri);
        }
    }

    public record Run(Tool tool, List<Result> results) {
    }

    public record Tool(Driver driver) {
    }

    /** The tool: {@code version} is null (left out) in a development build. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Driver(String name, String version, List<Rule> rules) {
    }

    public record Text(String text) {
    }

    /** One finding; {@code suppressions} only when a comment suppressed it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String ruleId, String level, Text message, List<Location> locations,
                         List<Suppression> suppressions) {
    }

    public record Location(PhysicalLocation physicalLocation) {
    }

    public record PhysicalLocation(ArtifactLocation artifactLocation, Region region) {
    }

    public record ArtifactLocation(String uri) {
    }

    public record Region(int startLine, int startColumn) {
    }

    /** {@code kind} is {@code inSource}: a {@code ferry:lint-ignore} comment, its reason the justification. */
    public record Suppression(String kind, String justification) {
    }
}
