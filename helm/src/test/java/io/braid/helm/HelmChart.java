package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The chart in {@code helm/braid}, rendered and linted in-process by helm-java (Helm's Go library; no
 * helm binary, no cluster).
 *
 * <p>Two gaps of helm-java are bridged here, on temporary copies of the chart:
 * <ul>
 *   <li>its {@code template} returns only the release manifest, not hooks; the rendering copy renames
 *       the {@code helm.sh/hook*} annotations to {@link #HOOK_ANNOTATION}{@code *} so the topics Job and
 *       the {@code helm test} Pod are rendered (and checked) like every other object;</li>
 *   <li>its {@code lint} takes no values files; linting with one uses a copy whose values.yaml is the
 *       chart's merged with that file the way Helm merges values.</li>
 * </ul>
 */
final class HelmChart {
    /** The chart's own folder. */
    static final Path SOURCE = Path.of(System.getProperty("braid.chart.dir", "braid")).toAbsolutePath().normalize();
    /** The repository root, where the services' modules are. */
    static final Path REPO = Path.of(System.getProperty("braid.repo.root", "..")).toAbsolutePath().normalize();
    /** What {@code helm.sh/hook} is renamed to in rendered output. */
    static final String HOOK_ANNOTATION = "test.braid.io/hook";
    static final String RELEASE = "demo";
    static final String NAMESPACE = "braid";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, Rendering> CACHE = new ConcurrentHashMap<>();
    private static Path renderingCopy;

    private HelmChart() {
    }

    /**
     * Renders with the chart's values plus {@code valuesFile} (a file of the chart, e.g. values-prod.yaml;
     * values.yaml or null for the defaults alone) and then {@code overridesYaml} (or null).
     */
    static Rendering render(String valuesFile, String overridesYaml) {
        String key = valuesFile + "\n" + overridesYaml;
        Rendering cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        Path chart = renderingCopy();
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (valuesFile != null) {
            template = template.withValuesFile(chart.resolve(valuesFile));
        }
        if (overridesYaml != null && !overridesYaml.isBlank()) {
            template = template.withValuesFile(write(overridesYaml));
        }
        Rendering rendering = Rendering.parse(template.call());
        CACHE.put(key, rendering);
        return rendering;
    }

    static Rendering render(String valuesFile) {
        return render(valuesFile, null);
    }

    /** {@code helm lint --strict} of the chart with {@code valuesFile} (or its defaults) and overrides. */
    static LintResult lint(String valuesFile, String overridesYaml) {
        Path copy = copyChart(false);
        try {
            JsonNode values = YAML.readTree(SOURCE.resolve("values.yaml").toFile());
            if (valuesFile != null) {
                values = merge(values, YAML.readTree(SOURCE.resolve(valuesFile).toFile()));
            }
            if (overridesYaml != null) {
                values = merge(values, YAML.readTree(overridesYaml));
            }
            YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(copy);
        }
    }

    /** Helm's merge of values: maps merge key by key, anything else is replaced, null removes a key. */
    static JsonNode merge(JsonNode base, JsonNode override) {
        if (!(base instanceof ObjectNode target) || !(override instanceof ObjectNode)) {
            return override == null || override.isMissingNode() ? base : override.deepCopy();
        }
        ObjectNode merged = target.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                merged.remove(e.getKey());
            } else {
                merged.set(e.getKey(), merge(merged.get(e.getKey()), e.getValue()));
            }
        }
        return merged;
    }

    private static synchronized Path renderingCopy() {
        if (renderingCopy == null) {
            renderingCopy = copyChart(true);
            Path dir = renderingCopy;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        }
        return renderingCopy;
    }

    private static Path copyChart(boolean hooksAsManifests) {
        try {
            Path root = Files.createTempDirectory("braid-chart");
            Path target = root.resolve("braid");
            try (Stream<Path> files = Files.walk(SOURCE)) {
                for (Path source : files.toList()) {
                    Path dest = target.resolve(SOURCE.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(dest);
                    } else if (hooksAsManifests && source.startsWith(SOURCE.resolve("templates"))) {
                        Files.writeString(dest, Files.readString(source).replace("helm.sh/hook", HOOK_ANNOTATION));
                    } else {
                        Files.copy(source, dest);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(String yaml) {
        try {
            Path file = Files.createTempFile("braid-values", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path chart) {
        Path root = chart.getParent();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
