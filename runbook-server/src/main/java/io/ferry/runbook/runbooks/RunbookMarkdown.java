package io.ferry.runbook.runbooks;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * Turns a runbook's Markdown into the HTML of its page. The Markdown is trusted but escaped: raw HTML in it
 * is shown as text, and link addresses with a dangerous scheme ({@code javascript:}) are dropped. Besides
 * commonmark with GitHub's tables:
 * <ul>
 *   <li>every heading gets an anchor, commonmark's heading-anchor ids ({@code ## lock-timeout} gets
 *       {@code id="lock-timeout"}, so an error code's section is {@code <page>#<code>}), and a
 *       {@code #} link to itself;</li>
 *   <li>links between runbooks ({@code running.md#x}) become the server's ({@code /runbooks/running#x});
 *       {@code README.md} is the index, {@code /runbooks};</li>
 *   <li>a relative link out of the runbooks' folder ({@code ../cli.md}) is not served here: it becomes
 *       its text followed by the file it names, in the repository's terms ({@code docs/cli.md}), so the
 *       reader knows where to look;</li>
 *   <li>images are never loaded (nothing comes from outside the server): an image becomes its text,
 *       linked when its address is http(s);</li>
 *   <li>a fenced block {@code ```ferry-check NAME} becomes the placeholder of a live check,
 *       {@code <section class="check" data-check="NAME">}, with the block's text as its description until
 *       the check fills it.</li>
 * </ul>
 */
final class RunbookMarkdown {

    /** The text of the first line of a ferry-check block: its name. */
    private static final Pattern CHECK_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);

    /** What rendering gave. */
    record Rendered(String title, String html, List<RunbookPage.Section> sections, List<String> checks) {
    }

    private final List<Extension> extensions = List.of(TablesExtension.create());
    private final Parser parser = Parser.builder().extensions(extensions).build();

    /**
     * @param name   the page's name, for the sections' addresses
     * @param folder the page's folder as the reader knows it ({@code docs/runbooks}), for links out of it
     */
    Rendered render(String name, String markdown, String folder) {
        Node document = parser.parse(markdown);
        Map<Heading, String> ids = anchorHeadings(document);
        List<String> checks = replaceCheckBlocks(document);
        rewriteLinks(document, folder);

        String title = null;
        List<RunbookPage.Section> sections = new ArrayList<>();
        for (Map.Entry<Heading, String> e : ids.entrySet()) {
            Heading h = e.getKey();
            if (h.getLevel() == 1 && title == null) {
                title = textOf(h);
            } else if (h.getLevel() == 2 || h.getLevel() == 3) {
                sections.add(new RunbookPage.Section(e.getValue(), textOf(h), h.getLevel(),
                        RunbookLinks.pageUrl(name) + "#" + e.getValue()));
            }
        }
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(extensions).escapeHtml(true).sanitizeUrls(true)
                .nodeRendererFactory(context -> new HeadingRenderer(context, ids))
                .nodeRendererFactory(CheckRenderer::new)
                .build();
        return new Rendered(title == null || title.isBlank() ? name : title, renderer.render(document), sections, checks);
    }

    /** Each heading's id, in document order, as the heading-anchor extension makes them (unique per page). */
    private static Map<Heading, String> anchorHeadings(Node document) {
        IdGenerator generator = IdGenerator.builder().build();
        Map<Heading, String> ids = new LinkedHashMap<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                ids.put(heading, generator.generateId(textOf(heading)));
            }
        });
        return ids;
    }

    private static List<String> replaceCheckBlocks(Node document) {
        List<FencedCodeBlock> blocks = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                blocks.add(block);
            }
        });
        List<String> names = new ArrayList<>();
        for (FencedCodeBlock block : blocks) {
            String info = block.getInfo() == null ? "" : block.getInfo().strip();
            String[] words = info.split("\\s+", 2);
            if (words.length == 2 && words[0].equals("ferry-check") && CHECK_NAME.matcher(words[1].strip()).matches()) {
                String checkName = words[1].strip();
                block.insertBefore(new CheckBlock(checkName, block.getLiteral().strip()));
                block.unlink();
                names.add(checkName);
            }
        }
        return names;
    }

    private static void rewriteLinks(Node document, String folder) {
        List<Node> targets = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                targets.add(link);
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                targets.add(image);
            }
        });
        for (Node node : targets) {
            if (node instanceof Link link) {
                rewrite(link, folder);
            } else if (node instanceof Image image) {
                replaceImage(image);
            }
        }
    }

    private static void rewrite(Link link, String folder) {
        String destination = link.getDestination() == null ? "" : link.getDestination().strip();
        if (destination.isEmpty() || destination.startsWith("#") || destination.startsWith("/")
                || SCHEME.matcher(destination).matches()) {
            return; // an anchor of this page, the server's own address, or an absolute one (sanitised on output)
        }
        int hash = destination.indexOf('#');
        String path = hash < 0 ? destination : destination.substring(0, hash);
        String fragment = hash < 0 ? "" : destination.substring(hash);
        if (path.endsWith(".md") && !path.contains("/")) {
            String page = path.substring(0, path.length() - 3);
            if (RunbookLinks.validName(page)) {
                link.setDestination(RunbookLinks.pageUrl(page) + fragment);
                return;
            }
        }
        // Out of the runbooks' folder: say which file, as plain text.
        String file;
        try {
            file = Path.of(folder).resolve(path).normalize().toString().replace('\\', '/');
        } catch (InvalidPathException malformed) {
            file = path;
        }
        Node child = link.getFirstChild();
        while (child != null) {
            Node next = child.getNext();
            link.insertBefore(child);
            child = next;
        }
        link.insertBefore(new Text(" ("));
        link.insertBefore(new Code(file + fragment));
        link.insertBefore(new Text(")"));
        link.unlink();
    }

    private static void replaceImage(Image image) {
        String alt = textOf(image);
        Text text = new Text(alt.isBlank() ? "image" : alt);
        String destination = image.getDestination() == null ? "" : image.getDestination();
        if (destination.startsWith("http://") || destination.startsWith("https://")) {
            Link link = new Link(destination, image.getTitle());
            link.appendChild(text);
            image.insertBefore(link);
        } else {
            image.insertBefore(text);
        }
        image.unlink();
    }

    /** Attributes in the order given, so that the HTML is the same every time. */
    private static Map<String, String> attributes(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    static String textOf(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code c) {
                text.append(c.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak b) {
                text.append(' ');
            }

            @Override
            public void visit(HardLineBreak b) {
                text.append(' ');
            }
        });
        return text.toString().strip();
    }

    /** A live check's place in a step. */
    static final class CheckBlock extends CustomBlock {
        final String name;
        final String description;

        CheckBlock(String name, String description) {
            this.name = name;
            this.description = description;
        }
    }

    /** {@code <hN id="...">text <a class="anchor" href="#...">#</a></hN>}. */
    private static final class HeadingRenderer implements NodeRenderer {
        private final HtmlNodeRendererContext context;
        private final Map<Heading, String> ids;

        HeadingRenderer(HtmlNodeRendererContext context, Map<Heading, String> ids) {
            this.context = context;
            this.ids = new IdentityHashMap<>(ids);
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Heading.class);
        }

        @Override
        public void render(Node node) {
            Heading heading = (Heading) node;
            String tag = "h" + heading.getLevel();
            String id = ids.get(heading);
            Map<String, String> attributes = new LinkedHashMap<>();
            if (id != null && !id.isEmpty()) {
                attributes.put("id", id);
            }
            HtmlWriter html = context.getWriter();
            html.line();
            html.tag(tag, context.extendAttributes(heading, tag, attributes));
            for (Node child = heading.getFirstChild(); child != null; child = child.getNext()) {
                context.render(child);
            }
            if (id != null && !id.isEmpty() && heading.getLevel() > 1) {
                html.text(" ");
                html.tag("a", attributes("class", "anchor", "href", "#" + id, "aria-label", "Link to this section"));
                html.text("#");
                html.tag("/a");
            }
            html.tag("/" + tag);
            html.line();
        }
    }

    /**
     * {@code <section class="check" data-check="NAME">}: the name, and the block's text as the description
     * shown until the live check fills the box.
     */
    private static final class CheckRenderer implements NodeRenderer {
        private final HtmlNodeRendererContext context;

        CheckRenderer(HtmlNodeRendererContext context) {
            this.context = context;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(CheckBlock.class);
        }

        @Override
        public void render(Node node) {
            CheckBlock check = (CheckBlock) node;
            HtmlWriter html = context.getWriter();
            html.line();
            html.tag("section", attributes("class", "check", "data-check", check.name));
            html.line();
            html.tag("p", attributes("class", "check-name"));
            html.text("Live check ");
            html.tag("code");
            html.text(check.name);
            html.tag("/code");
            html.tag("/p");
            html.line();
            html.tag("p", attributes("class", "check-fallback"));
            html.text(check.description);
            html.tag("/p");
            html.line();
            html.tag("/section");
            html.line();
        }
    }
}
