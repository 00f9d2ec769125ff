package io.marketflow.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Finds and parses the files under test: the repository is located from the working directory upwards. */
final class DeployFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DeployFiles() {}

    /** The repository root: the nearest directory, from the working directory up, holding deploy/pom.xml. */
    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no deploy/pom.xml above " + Path.of("").toAbsolutePath());
    }

    static Path file(String relativeToRoot) {
        Path path = repoRoot().resolve(relativeToRoot);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("missing file " + path);
        }
        return path;
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> yaml(String relativeToRoot) {
        return yaml(file(relativeToRoot));
    }

    static Map<String, Object> yaml(Path path) {
        return Tree.map(newYaml().load(read(path)), path.toString());
    }

    /** Every document of a multi-document YAML file, in order. */
    static List<Map<String, Object>> yamlDocuments(Path path) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : newYaml().loadAll(read(path))) {
            if (document != null) {
                documents.add(Tree.map(document, path.toString()));
            }
        }
        return documents;
    }

    static JsonNode json(Path path) {
        return JSON.readTree(read(path));
    }

    static List<Path> list(String directory, String suffix) {
        try (var files = Files.list(repoRoot().resolve(directory))) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // SafeConstructor: the files under test are data, never Java objects.
    private static Yaml newYaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
