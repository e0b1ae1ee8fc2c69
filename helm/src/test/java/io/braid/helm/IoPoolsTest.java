package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pools of kind io (http models, values-agents.yaml): a Deployment without GPU or weights, the API-key Secrets
 * mounted where the service reads them, many tasks in flight, its own topic, group and autoscaler, and egress
 * to the model APIs for its pods alone.
 */
class IoPoolsTest {
    static final String AGENTS = "values-agents.yaml";
    static final String IO = "demo-braid-inference-io-models";

    static JsonNode podSpec(Rendering r, String deployment) {
        return r.find("Deployment", deployment).orElseThrow().path("spec").path("template").path("spec");
    }

    static JsonNode volume(JsonNode podSpec, String name) {
        for (JsonNode v : podSpec.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    @Test
    void anIoPoolRunsWithoutGpuWeightsOrInitContainerAndWithTheInFlightBoundOfItsValues() {
        JsonNode spec = podSpec(HelmChart.render(AGENTS), IO);
        JsonNode container = spec.path("containers").get(0);
        assertThat(container.path("resources").path("limits").has("nvidia.com/gpu")).isFalse();
        assertThat(container.path("resources").path("requests").has("nvidia.com/gpu")).isFalse();
        assertThat(spec.path("tolerations").isMissingNode()).isTrue();
        assertThat(spec.path("initContainers").isMissingNode()).as("no weights to link").isTrue();
        assertThat(Rendering.env(container)).containsEntry("BRAID_INFERENCE_MAX_IN_FLIGHT", "8192")
                .containsEntry("BRAID_INFERENCE_POOL", "io-models")
                .containsEntry("OPENAI_BASE_URL", "https://api.openai.com")
                .doesNotContainKey("BRAID_INFERENCE_SECRETS_DIR");
        JsonNode repo = volume(spec, "model-repository").path("configMap");
        assertThat(repo.path("items")).extracting(i -> i.path("path").asText()).containsExactly(
                "embedder/model.yaml", "planner/model.yaml", "research-chat/model.yaml", "synthesizer/model.yaml");
    }

    @Test
    void theApiKeySecretIsMountedReadOnlySoThatItsKeyIsTheFileNamedAfterIt() {
        JsonNode spec = podSpec(HelmChart.render(AGENTS), IO);
        JsonNode keys = volume(spec, "api-keys").path("projected");
        assertThat(keys.path("sources")).singleElement().satisfies(s -> {
            assertThat(s.path("secret").path("name").asText()).isEqualTo("openai-api-key");
            assertThat(s.path("secret").path("items")).singleElement().satisfies(i -> {
                assertThat(i.path("key").asText()).isEqualTo("apiKey");
                assertThat(i.path("path").asText()).isEqualTo("openai-api-key");
            });
        });
        assertThat(keys.path("defaultMode").asInt()).isEqualTo(0440);
        assertThat(spec.path("containers").get(0).path("volumeMounts")).anySatisfy(m -> {
            assertThat(m.path("name").asText()).isEqualTo("api-keys");
            assertThat(m.path("mountPath").asText()).isEqualTo("/var/run/secrets/braid");
            assertThat(m.path("readOnly").asBoolean()).isTrue();
        });
    }

    @Test
    void aPoolMountsTheSecretsItListsAndThoseOfItsModelsEachOnce() {
        JsonNode spec = podSpec(HelmChart.render(AGENTS, """
                modelRepository:
                  models:
                    embedder: {http: {apiKeySecret: embeddings-key}}
                """), IO);
        List<String> names = new ArrayList<>();
        volume(spec, "api-keys").path("projected").path("sources")
                .forEach(s -> names.add(s.path("secret").path("name").asText()));
        assertThat(names).containsExactly("embeddings-key", "openai-api-key");
    }

    @Test
    void noKeyIsInTheRenderedReleaseOnlyTheSecretsName() {
        Rendering r = HelmChart.render(AGENTS);
        assertThat(r.ofKind("Secret")).extracting(Rendering::name).doesNotContain("openai-api-key");
        String catalog = r.find("ConfigMap", "demo-braid-models").orElseThrow().path("data").path("research-chat.yaml").asText();
        assertThat(catalog).contains("apiKeySecret: openai-api-key", "url: ${OPENAI_BASE_URL:-https://api.openai.com}");
    }

    @Test
    void anIoPoolTakesTheIoDefaultsForWhatItLeavesUnset() {
        JsonNode spec = podSpec(HelmChart.render(null, """
                inference:
                  pools:
                    - {name: cpu-small, partitions: 12, retentionMs: 3600000, resources: {},
                       autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}}
                    - {name: cpu-large, partitions: 12, retentionMs: 3600000, resources: {},
                       autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}}
                    - {name: remote, kind: io, partitions: 6, retentionMs: 3600000,
                       autoscaling: {minReplicas: 1, maxReplicas: 4, lagThreshold: 100, cooldownPeriod: 60}}
                modelRepository:
                  models:
                    chat: {backend: http, pool: remote, http: {protocol: openai-chat, url: "http://vllm:8000"}}
                """), "demo-braid-inference-remote");
        JsonNode container = spec.path("containers").get(0);
        assertThat(container.path("resources").path("requests").path("cpu").asText()).isEqualTo("250m");
        assertThat(container.path("resources").path("limits").path("memory").asText()).isEqualTo("1Gi");
        assertThat(Rendering.env(container)).containsEntry("BRAID_INFERENCE_MAX_IN_FLIGHT", "8192")
                .hasEntrySatisfying("JAVA_OPTS", o -> assertThat(o).contains("-XX:MaxRAMPercentage=60"));
        assertThat(spec.path("volumes")).extracting(v -> v.path("name").asText()).doesNotContain("api-keys");
    }

    @Test
    void anIoPoolHasItsOwnTopicAndScalesOnTheLagOfItsOwnConsumerGroup() {
        Rendering r = HelmChart.render(AGENTS);
        assertThat(r.topicPartitions()).containsEntry("braid.inference.io-models", 12);
        JsonNode scaler = r.find("ScaledObject", IO).orElseThrow();
        assertThat(scaler.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(IO);
        assertThat(scaler.path("spec").path("triggers")).singleElement().satisfies(t -> {
            assertThat(t.path("type").asText()).isEqualTo("kafka");
            assertThat(t.path("metadata").path("topic").asText()).isEqualTo("braid.inference.io-models");
            assertThat(t.path("metadata").path("consumerGroup").asText()).isEqualTo("braid-inference-io-models");
            assertThat(t.path("metadata").path("lagThreshold").asText()).isEqualTo("500");
        });
    }

    @Test
    void onlyIoPodsMayReachTheModelApis() {
        Rendering r = HelmChart.render(AGENTS);
        JsonNode policy = r.find("NetworkPolicy", "demo-braid-allow-model-apis").orElseThrow();
        assertThat(policy.path("spec").path("podSelector").path("matchLabels").path("braid.io/pool-kind").asText())
                .isEqualTo("io");
        JsonNode rule = policy.path("spec").path("egress").get(0);
        assertThat(rule.path("ports")).extracting(p -> p.path("port").asInt()).containsExactly(443);
        assertThat(rule.path("to").get(0).path("ipBlock").path("except")).extracting(JsonNode::asText)
                .contains("169.254.0.0/16");
        for (Rendering.PodTemplate pod : r.pods()) {
            String kind = pod.metadata().path("labels").path("braid.io/pool-kind").asText("");
            boolean selected = true;
            for (var it = policy.path("spec").path("podSelector").path("matchLabels").fields(); it.hasNext(); ) {
                var e = it.next();
                selected &= e.getValue().asText().equals(pod.metadata().path("labels").path(e.getKey()).asText(null));
            }
            assertThat(selected).as(pod.owner()).isEqualTo(kind.equals("io"));
        }
        assertThat(HelmChart.render(null).find("NetworkPolicy", "demo-braid-allow-model-apis"))
                .as("no io pool, no egress to model APIs").isEmpty();
    }

    @Test
    void theAgentPipelinesAreTheRepositorysOwn() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode pipelines = yaml.readTree(HelmChart.SOURCE.resolve(AGENTS).toFile()).path("pipelines");
        for (String name : List.of("research", "triage")) {
            JsonNode repo = yaml.readTree(Files.readString(HelmChart.REPO.resolve("pipelines/" + name + ".yaml")));
            assertThat(pipelines.path(name)).as("values-agents.yaml pipelines." + name).isEqualTo(repo);
        }
    }
}
