package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.ModelSpec;
import io.braid.common.pipeline.PipelineCatalog;
import io.braid.common.pipeline.PipelineDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog (pipelines and model metadata) as the services will see it in their pods, loaded with
 * the services' own loaders from common/: what the ConfigMaps project into the gateway and dispatcher,
 * and what each inference pool's init container assembles (its script is run here, on a temporary
 * folder).
 */
class CatalogTest {
    private static final Pattern LINK = Pattern.compile("(?m)^link \"([^\"]+)\" \"([^\"]+)\"$");

    static Stream<String> shipped() {
        return Scenario.shipped();
    }

    private static Rendering render(String valuesFile) {
        return HelmChart.render(valuesFile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void theGatewayAndTheDispatcherLoadTheCatalogAsTheChartMountsIt(String valuesFile, @TempDir Path tmp)
            throws IOException {
        Rendering r = render(valuesFile);
        JsonNode values = HelmChart.merge(new YAMLMapper().readTree(HelmChart.SOURCE.resolve("values.yaml").toFile()),
                new YAMLMapper().readTree(HelmChart.SOURCE.resolve(valuesFile).toFile()));
        for (String planner : List.of("demo-braid-gateway", "demo-braid-dispatcher")) {
            JsonNode spec = r.find("Deployment", planner).orElseThrow().path("spec").path("template").path("spec");
            Path root = tmp.resolve(planner);
            for (JsonNode volume : spec.path("volumes")) {
                if (volume.has("configMap")) {
                    project(r, volume, root.resolve(volume.path("name").asText()));
                }
            }
            ModelRepository models = ModelRepository.load(root.resolve("models"));
            PipelineCatalog pipelines = PipelineCatalog.load(root.resolve("pipelines"), models);
            assertThat(models.all()).extracting(ModelSpec::name)
                    .containsExactlyInAnyOrderElementsOf(names(values.path("modelRepository").path("models")));
            assertThat(pipelines.all()).extracting(PipelineDefinition::name)
                    .containsExactlyInAnyOrderElementsOf(names(values.path("pipelines")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void everyPoolFindsItsModelsInTheRepositoryItsInitContainerAssemblesOrItsIoPoolMounts(String valuesFile, @TempDir Path tmp)
            throws Exception {
        Rendering r = render(valuesFile);
        for (JsonNode d : r.ofKind("Deployment")) {
            if (!"inference".equals(Rendering.label(d, "app.kubernetes.io/component"))) {
                continue;
            }
            JsonNode spec = d.path("spec").path("template").path("spec");
            String pool = Rendering.env(spec.path("containers").get(0)).get("BRAID_INFERENCE_POOL");
            Path root = tmp.resolve(pool);
            if (spec.path("initContainers").isMissingNode()) {
                // an io pool: http models, no weights; the ConfigMap is the repository
                project(r, volumeNamed(spec, "model-repository"), root.resolve("repository"));
                ModelRepository repo = ModelRepository.load(root.resolve("repository"));
                assertThat(repo.inPool(pool)).as("models of io pool " + pool).isNotEmpty()
                        .hasSameSizeAs(repo.all())
                        .allSatisfy(m -> assertThat(m.http()).as(m.name() + " is an http model").isNotNull());
                continue;
            }
            project(r, volumeNamed(spec, "model-metadata"), root.resolve("metadata"));
            String script = spec.path("initContainers").get(0).path("args").get(0).asText();
            List<String> linked = new ArrayList<>();
            Matcher m = LINK.matcher(script);
            while (m.find()) {
                linked.add(m.group(1));
                Path weights = root.resolve("weights").resolve(m.group(1)).resolve(m.group(2));
                Files.createDirectories(weights.getParent());
                Files.writeString(weights, "weights");
            }
            assertThat(run(inFolder(script, root), root)).as("init container of pool " + pool).isEqualTo(0);
            ModelRepository repo = ModelRepository.load(root.resolve("repository"));
            assertThat(repo.inPool(pool)).extracting(ModelSpec::name).isNotEmpty()
                    .containsExactlyInAnyOrderElementsOf(linked);
            assertThat(Files.isSymbolicLink(root.resolve("repository").resolve(linked.get(0)).resolve("model.pt")))
                    .as("weights are linked, not copied").isTrue();
        }
    }

    @Test
    void theInitContainerFailsNamingTheModelWhoseWeightsAreMissing(@TempDir Path tmp) throws Exception {
        JsonNode spec = HelmChart.render(null).find("Deployment", "demo-braid-inference-cpu-large").orElseThrow()
                .path("spec").path("template").path("spec");
        project(HelmChart.render(null), volumeNamed(spec, "model-metadata"), tmp.resolve("metadata"));
        String script = inFolder(spec.path("initContainers").get(0).path("args").get(0).asText(), tmp);
        Path log = tmp.resolve("stderr");
        Process p = new ProcessBuilder("/bin/sh", "-ec", script).redirectError(log.toFile()).start();
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("model digits-lenet: weights file", "not found",
                "modelRepository.source=image");
    }

    @Test
    void weightsFromAClaimAreMountedReadOnlyWhereTheInitContainerLinksThem() {
        JsonNode spec = HelmChart.render(null, "modelRepository: {source: volume, volume: {claimName: braid-models}}\n")
                .find("Deployment", "demo-braid-inference-cpu-small").orElseThrow().path("spec").path("template").path("spec");
        JsonNode claim = volumeNamed(spec, "model-weights").path("persistentVolumeClaim");
        assertThat(claim.path("claimName").asText()).isEqualTo("braid-models");
        assertThat(claim.path("readOnly").asBoolean()).isTrue();
        JsonNode init = spec.path("initContainers").get(0);
        assertThat(init.path("args").get(0).asText()).contains("weights=\"/var/lib/braid/models/$1/$2\"");
        for (JsonNode c : List.of(init, spec.path("containers").get(0))) {
            assertThat(c.path("volumeMounts")).as(c.path("name").asText()).anySatisfy(m -> {
                assertThat(m.path("name").asText()).isEqualTo("model-weights");
                assertThat(m.path("mountPath").asText()).isEqualTo("/var/lib/braid/models");
                assertThat(m.path("readOnly").asBoolean()).isTrue();
            });
        }
    }

    @Test
    void theSchemaAcceptsEveryFieldTheServicesAcceptAndNoOther() throws Exception {
        JsonNode schema = new ObjectMapper()
                .readTree(HelmChart.SOURCE.resolve("values.schema.json").toFile()).path("definitions");
        assertThat(names(schema.path("pipeline").path("properties")))
                .containsExactlyInAnyOrderElementsOf(privateSet(PipelineCatalog.class, "FIELDS"));
        Set<String> modelFields = new HashSet<>(privateSet(ModelRepository.class, "FIELDS"));
        modelFields.remove("name");
        assertThat(names(schema.path("model").path("properties")))
                .as("model.yaml fields; the name is the key in modelRepository.models")
                .containsExactlyInAnyOrderElementsOf(modelFields);
        assertThat(names(schema.path("model").path("properties").path("batching").path("properties")))
                .as("batching fields (the schema may know newer ones than a stale braid-common jar)")
                .containsAll(privateSet(ModelRepository.class, "BATCHING_FIELDS"));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> privateSet(Class<?> type, String field) throws ReflectiveOperationException {
        Field f = type.getDeclaredField(field);
        f.setAccessible(true);
        return (Set<String>) f.get(null);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode volumeNamed(JsonNode podSpec, String name) {
        for (JsonNode v : podSpec.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    /** Writes a ConfigMap volume's files as the kubelet would: every key, or only the listed items. */
    private static void project(Rendering r, JsonNode volume, Path dir) throws IOException {
        JsonNode data = r.find("ConfigMap", volume.path("configMap").path("name").asText()).orElseThrow().path("data");
        List<String[]> files = new ArrayList<>();
        if (volume.path("configMap").has("items")) {
            volume.path("configMap").path("items").forEach(i -> files.add(
                    new String[]{i.path("key").asText(), i.path("path").asText()}));
        } else {
            data.fieldNames().forEachRemaining(k -> files.add(new String[]{k, k}));
        }
        for (String[] f : files) {
            assertThat(data.has(f[0])).as("ConfigMap key " + f[0]).isTrue();
            Path file = dir.resolve(f[1]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, data.path(f[0]).asText(), StandardCharsets.UTF_8);
        }
    }

    /** The init script with the pod's paths moved under {@code root}. */
    private static String inFolder(String script, Path root) {
        return script.replace("/var/run/braid/models", root.resolve("repository").toString())
                .replace("/etc/braid/model-metadata", root.resolve("metadata").toString())
                .replace("/opt/braid/models", root.resolve("weights").toString())
                .replace("/var/lib/braid/models", root.resolve("weights").toString());
    }

    private static int run(String script, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-ec", script).directory(dir.toFile()).inheritIO().start();
        return p.waitFor();
    }
}
