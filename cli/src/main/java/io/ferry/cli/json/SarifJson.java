package io.ferry.cli.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ferry.migration.lint.Finding;
import io.ferry.migration.lint.LintRule;
import io.ferry.migration.lint.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code lint --format sarif}: the findings as a SARIF 2.1.0 log, for code-scanning tools. One run, whose tool is
 * {@code ferry} with every rule (its title, and its fix as help); a result per finding at its file (relative to the
 * source root, {@code %SRCROOT%}), line and column; a suppressed finding carries its comment's reason as an
 * in-source suppression.
 */
public record SarifJson(@JsonProperty("$schema") String schema, String version, List<Run> runs) {

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    /**
     * The log of {@code findings}.
     *
     * @param toolVersion Ferry's version
     * @param rules       the rules to describe: every rule, and the pseudo-rule of a comment without a reason
     * @param sourceRoot  the folder {@code %SRCROOT%} stands for: files under it are named relative to it
     */
    public static SarifJson of(String toolVersion, List<Rule> rules, List<Finding> findings, Path sourceRoot) {
        List<Result> results = findings.stream().map(f -> new Result(f.rule(),
                f.severity() == Severity.ERROR ? "error" : "warning", new Text(f.message() + "; fix: " + f.fix()),
                List.of(new Location(new PhysicalLocation(ArtifactLocation.of(Path.of(f.file()), sourceRoot),
                        new Region(f.line(), f.column())))),
                f.suppressed().map(reason -> List.of(new Suppression("inSource", reason))).orElse(null))).toList();
        return new SarifJson(SCHEMA, "2.1.0", List.of(new Run(new Tool(new Driver("ferry", toolVersion, rules)),
                results)));
    }

    /**
     * A rule's description: its title, and its fix as help. No {@code helpUri}: SARIF wants an absolute URI there,
     * and a project's copy of {@code docs/lint.md} has none.
     */
    public record Rule(String id, Text shortDescription, Text help) {

        public static Rule of(LintRule rule) {
            return of(rule.id(), rule.title(), rule.fix());
        }

        public static Rule of(String id, String title, String fix) {
            return new Rule(id, new Text(title), new Text(fix));
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

    /**
     * A file: a relative URI with {@code uriBaseId} {@code %SRCROOT%} when it is under the source root, else an
     * absolute {@code file:} URI (and no {@code uriBaseId}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ArtifactLocation(String uri, String uriBaseId) {

        /** The base id of the source root, which code-scanning tools resolve to the repository's checkout. */
        public static final String SOURCE_ROOT = "%SRCROOT%";

        public static ArtifactLocation of(Path file, Path sourceRoot) {
            Path p = file.toAbsolutePath().normalize();
            Path root = sourceRoot.toAbsolutePath().normalize();
            if (!p.startsWith(root)) {
                return new ArtifactLocation(p.toUri().toASCIIString(), null);
            }
            String relative = root.relativize(p).toString().replace('\\', '/');
            try {
                return new ArtifactLocation(new URI(null, null, relative, null).toASCIIString(), SOURCE_ROOT);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("no URI for " + relative, e);
            }
        }
    }

    public record Region(int startLine, int startColumn) {
    }

    /** {@code kind} is {@code inSource}: a {@code ferry:lint-ignore} comment, its reason the justification. */
    public record Suppression(String kind, String justification) {
    }
}
