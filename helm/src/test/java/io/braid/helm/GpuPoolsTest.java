package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Inference pools on GPU nodes: what production asks of the scheduler, and what the chart refuses. */
class GpuPoolsTest {
    private static List<JsonNode> inferenceDeployments(Rendering r) {
        return r.ofKind("Deployment").stream()
                .filter(d -> "inference".equals(Rendering.label(d, "app.kubernetes.io/component"))).toList();
    }

    @Test
    void productionPutsEveryPoolOnGpuNodesWithAGpuPerPodAndTheTaintTolerated() {
        List<JsonNode> pools = inferenceDeployments(HelmChart.render("values-prod.yaml"));
        assertThat(pools).hasSizeGreaterThanOrEqualTo(1);
        for (JsonNode d : pools) {
            JsonNode spec = d.path("spec").path("template").path("spec");
            JsonNode resources = spec.path("containers").get(0).path("resources");
            assertThat(resources.path("limits").path("nvidia.com/gpu").asInt()).as(Rendering.id(d)).isPositive();
            assertThat(resources.path("requests").path("nvidia.com/gpu").asInt())
                    .isEqualTo(resources.path("limits").path("nvidia.com/gpu").asInt());
            assertThat(spec.path("tolerations")).as("tolerations of " + Rendering.id(d))
                    .anySatisfy(t -> assertThat(t.path("key").asText()).isEqualTo("nvidia.com/gpu"));
            assertThat(spec.path("nodeSelector").isObject()).isTrue();
        }
    }

    @Test
    void productionUsesTheCudaImageForInference() {
        for (JsonNode d : inferenceDeployments(HelmChart.render("values-prod.yaml"))) {
            JsonNode spec = d.path("spec").path("template").path("spec");
            assertThat(spec.path("containers").get(0).path("image").asText()).endsWith("-cuda");
            assertThat(spec.path("initContainers").get(0).path("image").asText())
                    .isEqualTo(spec.path("containers").get(0).path("image").asText());
        }
    }

    @Test
    void everyPoolThatAsksForAGpuCarriesTolerationsInEveryShippedValuesFile() {
        for (String file : Scenario.VALUES_FILES) {
            for (JsonNode d : inferenceDeployments(HelmChart.render(file))) {
                JsonNode spec = d.path("spec").path("template").path("spec");
                if (spec.path("containers").get(0).path("resources").path("limits").has("nvidia.com/gpu")) {
                    assertThat(spec.path("tolerations").size()).as(file + " " + Rendering.id(d)).isPositive();
                }
            }
        }
    }

    @Test
    void aGpuPoolWithoutTolerationsIsRefused() {
        assertThatThrownBy(() -> HelmChart.render("values-prod.yaml", """
                inference:
                  pools:
                    - name: gpu-small
                      partitions: 16
                      retentionMs: 3600000
                      autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}
                      resources:
                        limits: {nvidia.com/gpu: 1}
                    - name: gpu-large
                      partitions: 16
                      retentionMs: 3600000
                      autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}
                      resources:
                        limits: {nvidia.com/gpu: 1}
                      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
                """)).hasMessageContaining("inference.pools[0] (gpu-small).tolerations: the pool asks for nvidia.com/gpu");
    }

    @Test
    void aGpuModelInAPoolWithoutGpusIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, """
                modelRepository:
                  models:
                    digits-lenet: {device: gpu}
                """)).hasMessageContaining(
                "modelRepository.models.digits-lenet.device: gpu, but pool 'cpu-large' requests no nvidia.com/gpu");
    }

    @Test
    void intraOpThreadsAreLeftToTheServiceUnlessAPoolSetsThem() {
        JsonNode small = HelmChart.render(null, """
                inference:
                  pools:
                    - {name: cpu-small, partitions: 12, retentionMs: 3600000, intraOpThreads: 2, resources: {},
                       autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}}
                    - {name: cpu-large, partitions: 12, retentionMs: 3600000, resources: {},
                       autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}}
                """).find("Deployment", "demo-braid-inference-cpu-small").orElseThrow();
        assertThat(Rendering.env(small.path("spec").path("template").path("spec").path("containers").get(0)))
                .containsEntry("BRAID_INFERENCE_INTRA_OP_THREADS", "2");
        JsonNode large = HelmChart.render(null).find("Deployment", "demo-braid-inference-cpu-large").orElseThrow();
        assertThat(Rendering.env(large.path("spec").path("template").path("spec").path("containers").get(0)))
                .doesNotContainKey("BRAID_INFERENCE_INTRA_OP_THREADS");
    }

    @Test
    void eachPoolLoadsOnlyItsOwnModels() {
        Rendering r = HelmChart.render(null);
        JsonNode small = r.find("Deployment", "demo-braid-inference-cpu-small").orElseThrow();
        String script = small.path("spec").path("template").path("spec").path("initContainers").get(0)
                .path("args").get(0).asText();
        assertThat(script).contains("link \"digits-mlp\" \"model.pt\"", "link \"digits-cnn\" \"model.pt\"")
                .doesNotContain("digits-lenet");
        assertThat(Rendering.env(small.path("spec").path("template").path("spec").path("containers").get(0)))
                .containsEntry("BRAID_INFERENCE_POOL", "cpu-small")
                .containsEntry("BRAID_MODELS_DIR", "/var/run/braid/models");
    }
}
