package io.ferry.runbook.runbooks;

import io.ferry.runbook.project.ServerProject;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The runbook pages: the Markdown files of the built-in folder ({@code docs/runbooks/} of Ferry's
 * installation) and of the project's own folder, whose pages are added, or replace the built-in page of the
 * same name. {@code README.md} is the index.
 * <p>
 * The built-in folder is {@code ferry.runbooks.builtin} when set (relative to the working directory), else
 * {@code docs/runbooks} under {@code ferry.home} (the {@code ferry-server} launcher passes the installation's
 * root), else {@code docs/runbooks} under the working directory. The project's folder is
 * {@code ferry.runbooks.dir} when set, else {@code runbooks:} in ferry.yaml, relative to the project's folder;
 * none when neither is.
 * <p>
 * The folders are listed on every request, so a page added or edited shows at once; a file is rendered
 * again only when it changed. Nothing here touches the database.
 */
@ApplicationScoped
public class RunbookLibrary {

    private static final Logger LOG = Logger.getLogger(RunbookLibrary.class);

    /** A folder of pages and how it is named on a page. */
    public record Folder(Path path, String origin, String shownAs) {
    }

    private record Cached(FileTime modified, long size, RunbookPage page) {
    }

    private final Folder builtin;
    private final Optional<Folder> project;
    private final RunbookMarkdown markdown = new RunbookMarkdown();
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();
    private final Set<Path> warned = ConcurrentHashMap.newKeySet();

    public RunbookLibrary(@ConfigProperty(name = "ferry.runbooks.builtin") Optional<String> builtin,
                          @ConfigProperty(name = "ferry.home") Optional<String> home,
                          @ConfigProperty(name = "ferry.runbooks.dir") Optional<String> dir,
                          ServerProject project) {
        Path builtinPath = builtin.filter(b -> !b.isBlank()).map(Path::of)
                .or(() -> home.filter(h -> !h.isBlank()).map(h -> Path.of(h, "docs", "runbooks")))
                .orElse(Path.of("docs", "runbooks"));
        this.builtin = new Folder(builtinPath.toAbsolutePath().normalize(), "built-in", "docs/runbooks");
        this.project = dir.filter(d -> !d.isBlank()).or(project::runbooksDir).map(d -> {
            Path path = project.projectDir().resolve(d).toAbsolutePath().normalize();
            return new Folder(path, "project", shownInProject(project.projectDir(), path));
        });
    }

    private static String shownInProject(Path projectDir, Path folder) {
        Path dir = projectDir.toAbsolutePath().normalize();
        return (folder.startsWith(dir) ? dir.relativize(folder) : folder).toString().replace('\\', '/');
    }

    /** The built-in folder, then the project's, if any. */
    public List<Folder> folders() {
        return project.map(p -> List.of(builtin, p)).orElse(List.of(builtin));
    }

    /** Every page but the index, by name; a project's page replaces the built-in one of its name. */
    public List<RunbookPage> pages() {
        return all().values().stream().filter(p -> !RunbookLinks.INDEX.equals(p.name()))
                .sorted(Comparator.comparing(RunbookPage::name)).toList();
    }

    /** The page {@code name}, the index ({@code README}) included; empty for an unknown or invalid name. */
    public Optional<RunbookPage> page(String name) {
        if (!RunbookLinks.validName(name)) {
            return Optional.empty();
        }
        List<Folder> folders = folders();
        for (int i = folders.size() - 1; i >= 0; i--) {
            Folder folder = folders.get(i);
            Path file = folder.path().resolve(name + ".md");
            if (Files.isRegularFile(file)) {
                Optional<RunbookPage> page = load(folder, name, file);
                if (page.isPresent()) {
                    return page;
                }
            }
        }
        return Optional.empty();
    }

    /** The index page, {@code README.md}, when a folder has one. */
    public Optional<RunbookPage> index() {
        return page(RunbookLinks.INDEX);
    }

    private Map<String, RunbookPage> all() {
        Map<String, RunbookPage> pages = new TreeMap<>();
        for (Folder folder : folders()) {
            if (!Files.isDirectory(folder.path())) {
                if (warned.add(folder.path())) {
                    LOG.warnf("no runbooks: the %s folder %s does not exist", folder.origin(), folder.path());
                }
                continue;
            }
            try (Stream<Path> files = Files.list(folder.path())) {
                for (Path file : files.sorted().toList()) {
                    String fileName = file.getFileName().toString();
                    if (!fileName.endsWith(".md") || !Files.isRegularFile(file)) {
                        continue;
                    }
                    String name = fileName.substring(0, fileName.length() - 3);
                    if (RunbookLinks.validName(name)) {
                        load(folder, name, file).ifPresent(page -> pages.put(name, page));
                    }
                }
            } catch (IOException e) {
                LOG.warnf("could not list the runbooks in %s: %s", folder.path(), e.getMessage());
            }
        }
        return pages;
    }

    private Optional<RunbookPage> load(Folder folder, String name, Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Cached cached = cache.get(file);
            if (cached != null && cached.modified().equals(attributes.lastModifiedTime())
                    && cached.size() == attributes.size()) {
                return Optional.of(cached.page());
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            RunbookMarkdown.Rendered rendered = markdown.render(name, text, folder.shownAs());
            RunbookPage page = new RunbookPage(name, rendered.title(), kindOf(rendered.title()), folder.origin(),
                    folder.shownAs() + "/" + name + ".md", rendered.html(), rendered.sections(), rendered.checks());
            cache.put(file, new Cached(attributes.lastModifiedTime(), attributes.size(), page));
            return Optional.of(page);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not read the runbook %s: %s", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Procedures are titled "Procedure: ..." and the error-code pages "Runbook: ..." (docs/runbooks/README.md). */
    private static String kindOf(String title) {
        if (title.startsWith("Procedure")) {
            return "procedure";
        }
        return title.startsWith("Runbook") ? "error-codes" : "other";
    }
}
