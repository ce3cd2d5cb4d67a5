package io.ferry.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What can be checked of docker/ without a Docker engine: the Dockerfile copies what the build made,
 * its images run the launchers, the compose services and their dependencies agree with each other and
 * with the Dockerfile, and no secret is written down. Runs after package, so both applications are built.
 */
class DockerFilesIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---------------------------------------------------------------- the Dockerfile

    record Copy(List<String> sources, String destination, boolean fromStage) {
        /** Where one source lands: inside the destination when it is a folder ("/" at the end, or several sources). */
        String target(String source) {
            boolean intoFolder = destination.endsWith("/") || sources.size() > 1;
            String name = Path.of(source).getFileName().toString();
            return strip(intoFolder && !source.endsWith("/") ? destination + (destination.endsWith("/") ? "" : "/") + name
                    : destination);
        }
    }

    static final class Stage {
        final String name;
        final String image;
        final Stage parent;
        final List<Copy> copies = new ArrayList<>();
        List<String> entrypoint;
        String user;

        Stage(String name, String image, Stage parent) {
            this.name = name;
            this.image = image;
            this.parent = parent;
        }

        List<String> entrypoint() {
            return entrypoint != null || parent == null ? entrypoint : parent.entrypoint();
        }

        String user() {
            return user != null || parent == null ? user : parent.user();
        }

        String baseImage() {
            return parent == null ? image : parent.baseImage();
        }

        List<Copy> allCopies() {
            List<Copy> all = new ArrayList<>(parent == null ? List.of() : parent.allCopies());
            all.addAll(copies);
            return all;
        }
    }

    static Map<String, Stage> parseDockerfile(Path file) throws IOException {
        Map<String, Stage> stages = new LinkedHashMap<>();
        Stage current = null;
        StringBuilder line = new StringBuilder();
        for (String raw : Files.readAllLines(file)) {
            String trimmed = raw.strip();
            if (line.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                line.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            line.append(trimmed);
            String instruction = line.toString().strip();
            line.setLength(0);
            String[] words = instruction.split("\\s+");
            String keyword = words[0].toUpperCase();
            String rest = instruction.substring(words[0].length()).strip();
            switch (keyword) {
                case "FROM" -> {
                    String name = words.length >= 4 && words[2].equalsIgnoreCase("AS") ? words[3] : "#" + stages.size();
                    current = new Stage(name, words[1], stages.get(words[1]));
                    stages.put(name, current);
                }
                case "COPY", "ADD" -> {
                    assertThat(current).as("%s before any FROM", keyword).isNotNull();
                    List<String> args = new ArrayList<>(List.of(rest.split("\\s+")));
                    boolean fromStage = false;
                    while (!args.isEmpty() && args.get(0).startsWith("--")) {
                        fromStage |= args.remove(0).startsWith("--from");
                    }
                    assertThat(args).as("%s needs a source and a destination: %s", keyword, instruction).hasSizeGreaterThan(1);
                    current.copies.add(new Copy(List.copyOf(args.subList(0, args.size() - 1)), args.get(args.size() - 1), fromStage));
                }
                case "ENTRYPOINT" -> current.entrypoint = execForm(instruction, rest);
                case "USER" -> current.user = rest;
                default -> { }
            }
        }
        return stages;
    }

    private static List<String> execForm(String instruction, String json) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            node = null;
        }
        assertThat(node != null && node.isArray())
                .as("exec form (a JSON array), so that the launcher gets the signals: %s", instruction).isTrue();
        List<String> words = new ArrayList<>();
        node.forEach(word -> words.add(word.asText()));
        return words;
    }

    private static Map<String, Stage> dockerfile() throws IOException {
        Path file = DOCKER.resolve("Dockerfile");
        assertThat(file).exists();
        return parseDockerfile(file);
    }

    @Test
    void everyPathTheDockerfileCopiesExistsAfterTheBuildAndReachesTheBuild() throws IOException {
        List<String> ignore = Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore"));
        Set<String> sources = new LinkedHashSet<>();
        dockerfile().values().forEach(stage -> stage.copies.stream().filter(c -> !c.fromStage()).forEach(c -> sources.addAll(c.sources())));
        assertThat(sources).isNotEmpty();
        for (String source : sources) {
            Path path = ROOT.resolve(source);
            assertThat(path).as("COPY %s: missing in the repository or the build output (build with mvn -DskipTests package)", source)
                    .exists();
            if (source.contains("quarkus-app")) {
                assertThat(path.resolve("quarkus-run.jar")).as("COPY %s: not a built Quarkus application", source).isRegularFile();
            }
            assertThat(ignore).as("docker/Dockerfile.dockerignore leaves %s out of the build context", source)
                    .contains("!" + strip(source));
        }
    }

    @Test
    void theImagesRunTheLaunchersWhichFindTheirApplicationsBesideThem() throws IOException {
        Map<String, Stage> stages = dockerfile();
        assertThat(stages).containsKeys("ferry", "ferry-server");
        for (String launcher : List.of("ferry", "ferry-server")) {
            Stage stage = stages.get(launcher);
            List<Copy> copies = stage.allCopies();
            String installed = landing(copies, launcher);
            assertThat(installed).as("the %s stage copies the %s launcher", launcher, launcher).isNotNull();
            assertThat(stage.entrypoint()).as("the %s image's entry point", launcher).containsExactly(installed);

            // The launcher looks for its application at $root/<app>; the image must put it there.
            String app = launcherApp(launcher);
            String home = installed.substring(0, installed.lastIndexOf('/'));
            assertThat(landing(copies, app)).as("%s looks for %s/%s", launcher, home, app).isEqualTo(home + "/" + app);

            String user = stage.user();
            assertThat(user).as("the %s image runs as a user that is not root", launcher).isNotBlank();
            assertThat(user.split(":")[0]).isNotIn("root", "0");

            Matcher base = Pattern.compile("eclipse-temurin:(\\d+)[^ ]*-jre.*").matcher(stage.baseImage());
            assertThat(base.matches()).as("a Java runtime image: %s", stage.baseImage()).isTrue();
            assertThat(Integer.parseInt(base.group(1))).isGreaterThanOrEqualTo(17);
        }
        // The server's pages: docs/runbooks, where the launcher's ferry.home says the installation is.
        String home = landing(stages.get("ferry-server").allCopies(), "ferry-server");
        assertThat(landing(stages.get("ferry-server").allCopies(), "docs/runbooks"))
                .isEqualTo(home.substring(0, home.lastIndexOf('/')) + "/docs/runbooks");
    }

    /** Where the image puts a repository path, or null when no COPY takes it. */
    private static String landing(List<Copy> copies, String source) {
        for (Copy copy : copies) {
            for (String s : copy.sources()) {
                if (!copy.fromStage() && strip(s).equals(strip(source))) {
                    return copy.target(s);
                }
            }
        }
        return null;
    }

    private static String launcherApp(String launcher) throws IOException {
        Matcher m = Pattern.compile("(?m)^app=\"\\$root/([^\"]+)\"$").matcher(Files.readString(ROOT.resolve(launcher)));
        assertThat(m.find()).as("%s sets app=\"$root/...\"", launcher).isTrue();
        return m.group(1);
    }

    private static String strip(String path) {
        String p = path.startsWith("./") ? path.substring(2) : path;
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    // ---------------------------------------------------------------- compose.yaml

    private static JsonNode compose() throws IOException {
        return new YAMLMapper().readTree(DOCKER.resolve("compose.yaml").toFile());
    }

    @Test
    void theComposeServicesDependOnEachOtherConsistently() throws IOException {
        JsonNode services = compose().path("services");
        assertThat(names(services)).contains("postgres", "migrate", "server");

        Map<String, String> expected = Map.of(
                "migrate->postgres", "service_healthy",
                "server->migrate", "service_completed_successfully");
        Map<String, String> found = new HashMap<>();
        for (String name : names(services)) {
            JsonNode dependsOn = services.get(name).path("depends_on");
            assertThat(dependsOn.isMissingNode() || dependsOn.isObject())
                    .as("%s: depends_on in the long form, with a condition", name).isTrue();
            for (String dependency : names(dependsOn)) {
                assertThat(services.has(dependency)).as("%s depends on %s, which is not a service", name, dependency).isTrue();
                String condition = dependsOn.get(dependency).path("condition").asText();
                assertThat(condition).as("%s -> %s", name, dependency)
                        .isIn("service_started", "service_healthy", "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    assertThat(services.get(dependency).has("healthcheck"))
                            .as("%s waits for %s to be healthy, which has no healthcheck", name, dependency).isTrue();
                }
                found.put(name + "->" + dependency, condition);
            }
        }
        assertThat(found).containsAllEntriesOf(expected);

        JsonNode postgres = services.get("postgres");
        assertThat(postgres.path("image").asText()).startsWith("postgres:");
        assertThat(postgres.path("healthcheck").path("test").toString()).contains("pg_isready");
        JsonNode volumes = compose().path("volumes");
        assertThat(postgres.path("volumes")).isNotEmpty();
        for (JsonNode volume : postgres.path("volumes")) {
            String source = volume.asText().split(":")[0];
            assertThat(volumes.has(source)).as("postgres's volume %s is declared under volumes:", source).isTrue();
        }
    }

    @Test
    void migrateRunsFerryUpgradeHeadAndTheServerStartsWithoutMigrating() throws IOException {
        Map<String, Stage> stages = dockerfile();
        JsonNode services = compose().path("services");

        JsonNode migrate = services.get("migrate");
        assertThat(command(stages, migrate)).as("migrate's command").containsExactly("/opt/ferry/ferry", "upgrade", "head");
        assertThat(migrate.path("restart").asText("no")).isEqualTo("no");

        JsonNode server = services.get("server");
        assertThat(command(stages, server)).as("server's command").containsExactly("/opt/ferry/ferry-server");
        JsonNode env = server.path("environment");
        assertThat(env.path("FERRY_MIGRATE_AT_START").asText()).isEqualTo("false");
        assertThat(env.path("FERRY_URL").asText()).contains("//postgres:");
        String port = env.path("FERRY_SERVER_PORT").asText();
        assertThat(port).isEqualTo("8080");
        assertThat(server.path("ports")).extracting(JsonNode::asText).contains(port + ":" + port);
        assertThat(server.path("healthcheck").path("test")).extracting(JsonNode::asText)
                .contains("http://localhost:" + port + "/q/health/ready");

        // Both run on the project, mounted from the repository: the example, with its ferry.yaml.
        for (JsonNode service : List.of(migrate, server)) {
            assertThat(service.path("volumes")).isNotEmpty();
            for (JsonNode volume : service.path("volumes")) {
                String[] parts = volume.asText().split(":");
                Path source = DOCKER.resolve(parts[0]).normalize();
                assertThat(source).as("bind mount %s", volume.asText()).isDirectory();
                assertThat(parts[1]).isEqualTo(service.path("working_dir").asText());
                assertThat(source.resolve("ferry.yaml")).exists();
            }
        }
    }

    /** The entry point of the service's image (from the Dockerfile stage it builds) followed by its command. */
    private static List<String> command(Map<String, Stage> stages, JsonNode service) {
        JsonNode build = service.path("build");
        Path context = DOCKER.resolve(build.path("context").asText(".")).normalize();
        assertThat(context).isEqualTo(ROOT);
        assertThat(context.resolve(build.path("dockerfile").asText("Dockerfile")).normalize()).isEqualTo(DOCKER.resolve("Dockerfile"));
        String target = build.path("target").asText();
        assertThat(stages).as("build target %s", target).containsKey(target);
        assertThat(service.has("entrypoint")).as("the image's entry point, the launcher, is kept").isFalse();
        List<String> words = new ArrayList<>(stages.get(target).entrypoint());
        service.path("command").forEach(word -> words.add(word.asText()));
        return words;
    }

    @Test
    void noSecretIsWrittenDown() throws IOException {
        String text = Files.readString(DOCKER.resolve("compose.yaml"));
        JsonNode services = compose().path("services");
        Pattern reference = Pattern.compile("\\$\\{([A-Z_]+):\\?[^}]*}");
        for (String name : names(services)) {
            JsonNode env = services.get(name).path("environment");
            for (String key : names(env)) {
                if (key.contains("PASSWORD") || key.contains("TOKEN")) {
                    assertThat(env.get(key).asText()).as("%s's %s comes from the environment, and must be set", name, key)
                            .matches(reference);
                }
            }
        }
        assertThat(names(services.path("server").path("environment"))).contains("FERRY_ADMIN_TOKEN");

        Map<String, String> example = new HashMap<>();
        for (String line : Files.readAllLines(DOCKER.resolve(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        Matcher required = reference.matcher(text);
        while (required.find()) {
            assertThat(example).as("docker/.env.example names %s, empty", required.group(1)).containsEntry(required.group(1), "");
        }
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains("docker/.env");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---------------------------------------------------------------- the launchers, not built

    @ParameterizedTest
    @ValueSource(strings = {"ferry", "ferry-server"})
    void aLauncherWithoutItsBuildSaysSoAndExits2(String launcher, @TempDir Path copy) throws Exception {
        Files.copy(ROOT.resolve(launcher), copy.resolve(launcher), StandardCopyOption.COPY_ATTRIBUTES);
        Process process = new ProcessBuilder("bash", copy.resolve(launcher).toString(), "--port", "1")
                .redirectOutput(copy.resolve("out").toFile()).redirectError(copy.resolve("err").toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(copy.resolve("err"), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(err).isEqualTo(2);
        assertThat(Files.readString(copy.resolve("out"))).isEmpty();
        assertThat(err.lines()).hasSize(3);
        assertThat(err.lines().toList().get(0)).startsWith("error[not-built]: " + launcher + " is not built yet: ")
                .contains(copy.toString()).endsWith("quarkus-run.jar is missing");
        assertThat(err.lines().toList().get(1)).startsWith("hint: build it with 'mvn -q -DskipTests package'");
        assertThat(err.lines().toList().get(2)).isEqualTo("see: docs/runbooks/command-line.md#not-built");

        String runbook = Files.readString(ROOT.resolve("docs/runbooks/command-line.md"));
        assertThat(runbook).contains("## not-built");
        assertThat(runbook.substring(runbook.indexOf("## not-built"))).contains("`" + launcher + "`");
    }
}
