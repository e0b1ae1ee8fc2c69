package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The images the chart runs: one JVM-mode Dockerfile per service, non-root, pinned, one entrypoint. */
class DockerfilesTest {
    private static final List<String> MODULES = List.of("gateway", "dispatcher", "preprocess-svc", "postprocess-svc",
            "inference-svc");
    private static final Pattern ENTRYPOINT_BLOCK = Pattern.compile("(?s)# >>> braid-run.*?# <<< braid-run");

    private static String dockerfile(String module) throws IOException {
        return Files.readString(HelmChart.REPO.resolve(module).resolve("src/main/docker/Dockerfile.jvm"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gateway, gateway", "dispatcher, dispatcher", "preprocess-svc, preprocess",
            "postprocess-svc, postprocess", "inference-svc, inference"})
    void eachServiceImageRunsItsFastJarAsANonRootUserOnAPinnedBase(String module, String component) throws IOException {
        String file = dockerfile(module);
        assertThat(file).contains("ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre")
                .doesNotContainPattern("(?m)^FROM\\s+\\S+:latest")
                .contains("COPY --chown=root:root " + module + "/target/quarkus-app/lib/ /deployments/lib/")
                .containsPattern("(?m)^USER 10001:10001$")
                .containsPattern("(?m)^ENTRYPOINT \\[\"/opt/braid/bin/braid-run\"]$")
                .containsPattern("(?m)^EXPOSE " + ServiceConfig.of(module).httpPort() + " "
                        + ServiceConfig.of(module).managementPort() + "$");
        JsonNode values = new YAMLMapper().readTree(HelmChart.SOURCE.resolve("values.yaml").toFile());
        String repository = values.path(component).path("image").path("repository").asText();
        assertThat(file).as("the build command tags the image the chart pulls").contains("-t " + repository + ":");
    }

    @Test
    void everyServiceStartsThroughTheSameSecretFileEntrypoint() throws IOException {
        String reference = null;
        for (String module : MODULES) {
            Matcher m = ENTRYPOINT_BLOCK.matcher(dockerfile(module));
            assertThat(m.find()).as(module + " has the braid-run block").isTrue();
            if (reference == null) {
                reference = m.group();
            }
            assertThat(m.group()).as(module).isEqualTo(reference);
        }
        assertThat(reference).contains("_FILE", "exec java ${JAVA_OPTS:-} -jar /deployments/quarkus-run.jar");
    }

    @Test
    void theInferenceImageBakesPyTorchNativesOfTheFlavourChosenAtBuildTime() throws IOException {
        String file = dockerfile("inference-svc");
        assertThat(file).contains("ARG FLAVOR=cpu", "FROM runtime-${FLAVOR}", "AS runtime-cpu", "AS runtime-cuda",
                "ENV PYTORCH_FLAVOR=cpu", "ENV PYTORCH_FLAVOR=cu128", "PYTORCH_LIBRARY_PATH=/opt/libtorch/lib",
                "PYTORCH_VERSION=2.7.1", "-Dai.djl.offline=true", "ADD --checksum=sha256:${LIBTORCH_CUDA_SHA256}");
        Path pom = HelmChart.REPO.resolve("pom.xml");
        assertThat(Files.readString(pom)).as("the natives match the engine the services are built with")
                .contains("<pytorch.native.version>2.7.1</pytorch.native.version>");
        assertThat(file).contains("ai.djl.pytorch.pytorch-native-cpu-2.7.1-linux-x86_64.jar");
    }

    @Test
    void theInferenceImageHoldsTheModelsWhereTheChartLinksThem() throws IOException {
        JsonNode values = new YAMLMapper().readTree(HelmChart.SOURCE.resolve("values.yaml").toFile());
        String imageDir = values.path("modelRepository").path("imageDir").asText();
        assertThat(dockerfile("inference-svc")).contains("COPY --chown=root:root ${MODELS_DIR}/ " + imageDir + "/");
    }
}
