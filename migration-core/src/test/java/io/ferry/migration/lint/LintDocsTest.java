package io.ferry.migration.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.migration.graph.Revision;
import io.ferry.migration.graph.SqlBody;
import io.ferry.migration.lint.rules.Rules;
import io.ferry.migration.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every rule section of {@code docs/lint.md} (a heading that is the rule's id in backticks) holds what it claims:
 * on a fresh database made by its {@code ```sql setup} block, its {@code ```sql bad} block is flagged by the rule and
 * its {@code ```sql good} block is not, linted as one revision (or as several pending revisions, when
 * {@code -- in a later revision} comment lines split the block) with the live catalog, the default large-table
 * threshold, and the rule turned on at level error (so rules that are off by default are checked too). And every
 * rule Ferry has is documented there.
 */
class LintDocsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Path DOC = Path.of("..", "docs", "lint.md");

    /** A rule's section: its id, the line of its heading, and its blocks (null when absent). */
    record Section(String rule, int line, Block setup, Block bad, Block good) {
    }

    /** A fenced block's SQL and the line of the file where the SQL starts. */
    record Block(String sql, int line) {
    }

    /** The rule sections of docs/lint.md, in order. */
    static List<Section> sections() throws IOException {
        Node document = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build()
                .parse(Files.readString(DOC));
        List<Section> sections = new ArrayList<>();
        Section current = null;
        int level = 0;
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading && (current == null || heading.getLevel() <= level)) {
                // A rule's section ends at the next heading of its level or above; one below it is part of it.
                if (current != null) {
                    sections.add(current);
                }
                current = heading.getFirstChild() instanceof Code code && code.getNext() == null
                        ? new Section(code.getLiteral(), line(heading), null, null, null) : null;
                level = heading.getLevel();
            } else if (node instanceof FencedCodeBlock block && current != null) {
                Block b = new Block(block.getLiteral(), line(block) + 1);
                switch (block.getInfo().strip()) {
                    case "sql setup" -> current = new Section(current.rule(), current.line(), b, current.bad(),
                            current.good());
                    case "sql bad" -> current = new Section(current.rule(), current.line(), current.setup(), b,
                            current.good());
                    case "sql good" -> current = new Section(current.rule(), current.line(), current.setup(),
                            current.bad(), b);
                    default -> { }
                }
            }
        }
        if (current != null) {
            sections.add(current);
        }
        return sections;
    }

    private static int line(Node node) {
        return node.getSourceSpans().get(0).getLineIndex() + 1;
    }

    @TestFactory
    Stream<DynamicTest> eachRuleSectionsBadExampleIsFlaggedAndItsGoodOneIsNot() throws IOException {
        return sections().stream().map(s -> DynamicTest.dynamicTest(s.rule() + " (docs/lint.md line " + s.line()
                + ")", () -> check(s)));
    }

    private static void check(Section s) throws SQLException {
        assertThat(Rules.find(s.rule())).as("the rule of the section at line %d", s.line()).isPresent();
        LintRule rule = Rules.find(s.rule()).orElseThrow();
        assertThat(s.bad()).as("a ```sql bad block in the section of %s", s.rule()).isNotNull();
        assertThat(s.good()).as("a ```sql good block in the section of %s", s.rule()).isNotNull();
        db.reset();
        if (s.setup() != null) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute(s.setup().sql());
                st.execute("ANALYZE");
            }
        }
        assertThat(lint(rule, s.bad())).as("%s flags its bad example (docs/lint.md line %d)", s.rule(),
                s.bad().line()).isNotEmpty();
        assertThat(lint(rule, s.good())).as("%s does not flag its good example (docs/lint.md line %d)", s.rule(),
                s.good().line()).isEmpty();
    }

    /**
     * The rule's findings in the block, with the rule forced on: one revision, or several pending ones linted
     * together when {@code -- in a later revision} comment lines split it.
     */
    private static List<Finding> lint(LintRule rule, Block block) throws SQLException {
        LintSettings settings = new LintSettings(LintSettings.DEFAULT_LARGE_TABLE_ROWS,
                Map.of(rule.id(), LintSettings.Level.ERROR));
        try (Connection c = db.connect()) {
            return new Linter(List.of(rule), settings, new LiveCatalog(c)).lint(revisions(block)).stream()
                    .filter(f -> f.rule().equals(rule.id())).toList();
        }
    }

    /** The block's revisions: its lines split at each {@code -- in a later revision} comment line. */
    static List<Revision> revisions(Block block) {
        List<Revision> revisions = new ArrayList<>();
        String[] lines = block.sql().split("\n", -1);
        int from = 0;
        for (int i = 0; i <= lines.length; i++) {
            if (i == lines.length || lines[i].strip().toLowerCase(Locale.ROOT).startsWith(LATER)) {
                String sql = String.join("\n", Arrays.asList(lines).subList(from, i));
                revisions.add(Revision.builder("docs" + (revisions.size() + 1)).origin("docs/lint.md")
                        .up(SqlBody.unsplit("docs/lint.md", sql, block.line() + from, SqlBody.Check.NONE)).build());
                from = i + 1;
            }
        }
        return revisions;
    }

    private static final String LATER = "-- in a later revision";

    @Test
    void aBlockSplitByLaterRevisionCommentsIsLintedAsSeveralRevisions() {
        List<Revision> revisions = revisions(new Block("SELECT 1;\n-- in a later revision:\nSELECT 2;\n", 10));
        assertThat(revisions).extracting(Revision::id).containsExactly("docs1", "docs2");
        assertThat(((SqlBody) revisions.get(1).up()).firstLine()).isEqualTo(12);
    }

    @Test
    void everyRuleHasASection() throws IOException {
        List<String> documented = sections().stream().map(Section::rule).toList();
        assertThat(documented).as("rule sections of docs/lint.md")
                .containsAll(Rules.all().stream().map(LintRule::id).toList());
    }
}
