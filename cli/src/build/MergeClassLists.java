import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Merges the class lists of class-list.sh's training runs into one, for -Xshare:dump: each line once, in the
 * order first seen, without the classes that a multi-release jar of the application keeps under
 * META-INF/versions (and the lambda proxies they host).
 *
 * <p>Such classes must stay out of the archive. When a JVMTI agent watches class loading (Flight Recorder,
 * a monitoring agent), the JVM hands the agent the bytes of each archived class it loads, read again from the
 * class's jar at its plain path; Java 17 does not look under META-INF/versions and crashes when the class is
 * not there (the driver's LazyCleanerImpl$CleanableWrapper is one).
 *
 * <p>Run as a single-file program: java MergeClassLists.java OUT LIB_DIR LIST...
 */
public final class MergeClassLists {

    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/\\d+/(.+)\\.class");

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Set<String> versioned = versionedClasses(Path.of(args[1]));
        Set<String> lines = new LinkedHashSet<>();
        for (int i = 2; i < args.length; i++) {
            lines.addAll(Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8));
        }
        List<String> kept = new ArrayList<>();
        int dropped = 0;
        for (String line : lines) {
            if (versioned.contains(classOf(line))) {
                dropped++;
            } else {
                kept.add(line);
            }
        }
        Files.write(out, kept, StandardCharsets.UTF_8);
        System.out.println("class list: " + kept.size() + " lines, " + dropped + " left out (versioned in a"
                + " multi-release jar)");
    }

    /** The class a line names: the line itself, or a lambda proxy's host (its second word). */
    private static String classOf(String line) {
        if (line.startsWith("@lambda-proxy ")) {
            String[] words = line.split(" ");
            return words.length > 1 ? words[1] : line;
        }
        return line;
    }

    /** Every class (as a class list writes it: a/b/C$D) under META-INF/versions of a jar in {@code lib}. */
    private static Set<String> versionedClasses(Path lib) throws IOException {
        Set<String> classes = new HashSet<>();
        try (Stream<Path> files = Files.walk(lib)) {
            for (Path jar : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar"))::iterator) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    file.stream().forEach(entry -> {
                        Matcher m = VERSIONED.matcher(entry.getName());
                        if (m.matches()) {
                            classes.add(m.group(1));
                        }
                    });
                }
            }
        }
        return classes;
    }
}
