package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.helm.ServiceConfig.KafkaInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Autoscaling on Kafka lag: each stage and pool is scaled on exactly the topics and consumer groups its
 * service reads, as its own application.properties says.
 */
class AutoscalingTest {
    /** Chart component → the service module whose configuration it runs. */
    private static final Map<String, String> MODULES = Map.of("gateway", "gateway", "dispatcher", "dispatcher",
            "preprocess", "preprocess-svc", "postprocess", "postprocess-svc", "inference", "inference-svc");

    static Stream<Scenario> scaling() {
        return Scenario.scaling();
    }

    static Stream<String> shipped() {
        return Scenario.shipped();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scaling")
    void everyStageAndPoolHasExactlyOneAutoscalerOnItsServicesTopicsAndGroups(Scenario scenario) {
        Rendering r = scenario.render();
        List<JsonNode> deployments = r.ofKind("Deployment");
        assertThat(deployments).extracting(d -> Rendering.label(d, "app.kubernetes.io/component"))
                .contains("dispatcher", "preprocess", "postprocess", "inference");
        for (JsonNode d : deployments) {
            String component = Rendering.label(d, "app.kubernetes.io/component");
            JsonNode container = d.path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, String> env = Rendering.env(container);
            // The service resolves ${braid.inference.pool} from BRAID_INFERENCE_POOL, which the chart sets.
            Map<String, String> overrides = env.containsKey("BRAID_INFERENCE_POOL")
                    ? Map.of("braid.inference.pool", env.get("BRAID_INFERENCE_POOL")) : Map.of();
            List<KafkaInput> expected = ServiceConfig.of(MODULES.get(component)).workQueues(overrides);
            List<JsonNode> scalers = autoscalersOf(r, Rendering.name(d));
            if (expected.isEmpty()) {
                assertThat(component).isEqualTo("gateway");
                continue;
            }
            assertThat(scalers).as("autoscalers of " + Rendering.id(d)).hasSize(1);
            assertThat(kafkaInputsOf(scalers.get(0), r))
                    .as("topics and groups of " + Rendering.id(scalers.get(0)))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scaling")
    void maxReplicasNeverExceedThePartitionsOfTheTopicsScaledOn(Scenario scenario) {
        Rendering r = scenario.render();
        Map<String, Integer> partitions = r.topicPartitions();
        if (partitions.isEmpty()) {
            return;
        }
        for (JsonNode scaler : lagAutoscalers(r)) {
            int max = scaler.path("spec").path(scaler.path("kind").asText().equals("ScaledObject")
                    ? "maxReplicaCount" : "maxReplicas").asInt();
            for (KafkaInput input : kafkaInputsOf(scaler, r)) {
                assertThat(partitions).as("the chart creates " + input.topic()).containsKey(input.topic());
                assertThat(max).as(Rendering.id(scaler) + " on " + input.topic())
                        .isLessThanOrEqualTo(partitions.get(input.topic()));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void theChartCreatesEveryTopicTheServicesUse(String valuesFile) {
        Rendering r = HelmChart.render(valuesFile);
        Set<String> used = new HashSet<>(List.of("braid.deadletter"));
        for (JsonNode d : r.ofKind("Deployment")) {
            Map<String, String> env = Rendering.env(d.path("spec").path("template").path("spec").path("containers").get(0));
            String module = MODULES.get(Rendering.label(d, "app.kubernetes.io/component"));
            Map<String, String> overrides = env.containsKey("BRAID_INFERENCE_POOL")
                    ? Map.of("braid.inference.pool", env.get("BRAID_INFERENCE_POOL")) : Map.of();
            used.addAll(ServiceConfig.of(module).topicsRead(overrides));
        }
        assertThat(r.topicPartitions().keySet()).containsExactlyInAnyOrderElementsOf(used);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scaling")
    void theGatewayScalesOnCpu(Scenario scenario) {
        List<JsonNode> scalers = autoscalersOf(scenario.render(), "demo-braid-gateway");
        assertThat(scalers).singleElement().satisfies(hpa -> {
            assertThat(hpa.path("kind").asText()).isEqualTo("HorizontalPodAutoscaler");
            assertThat(hpa.path("spec").path("metrics")).singleElement().satisfies(m -> {
                assertThat(m.path("type").asText()).isEqualTo("Resource");
                assertThat(m.path("resource").path("name").asText()).isEqualTo("cpu");
            });
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void modeNoneRendersNoAutoscalerAndFixedReplicas(String valuesFile) {
        Rendering r = new Scenario(valuesFile, "none").render();
        assertThat(r.ofKind("ScaledObject")).isEmpty();
        assertThat(r.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(r.ofKind("Deployment")).allSatisfy(d -> assertThat(d.path("spec").path("replicas").asInt()).isPositive());
    }

    @Test
    void kedaTriggersAuthenticateWithTheReleasesKafkaSecrets() {
        Rendering r = HelmChart.render(null, RenderedObjectsTest.INLINE_CREDENTIALS);
        for (JsonNode so : r.ofKind("ScaledObject")) {
            for (JsonNode trigger : so.path("spec").path("triggers")) {
                assertThat(trigger.path("authenticationRef").path("name").asText()).isEqualTo("demo-braid-kafka");
                assertThat(trigger.path("metadata").path("sasl").asText()).isEqualTo("scram_sha512");
                assertThat(trigger.path("metadata").path("tls").asText()).isEqualTo("enable");
            }
        }
        assertThat(r.find("TriggerAuthentication", "demo-braid-kafka").orElseThrow()
                .path("spec").path("secretTargetRef")).extracting(p -> p.path("parameter").asText())
                .containsExactlyInAnyOrder("username", "password", "ca");
    }

    @Test
    void maxReplicasAboveTheTopicsPartitionsIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, """
                kafka:
                  topics:
                    results: {partitions: 4, retentionMs: 3600000}
                """)).hasMessageContaining(
                "dispatcher.autoscaling.maxReplicas: 12 is above the 4 partitions of braid.results");
    }

    @Test
    void anHpaThatWouldScaleToZeroIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, """
                autoscaling: {mode: hpa}
                preprocess:
                  autoscaling: {minReplicas: 0, maxReplicas: 4, lagThreshold: 10, cooldownPeriod: 60}
                """)).hasMessageContaining("preprocess.autoscaling.minReplicas: an HPA cannot scale to zero");
    }

    private static List<JsonNode> lagAutoscalers(Rendering r) {
        List<JsonNode> scalers = new ArrayList<>(r.ofKind("ScaledObject"));
        r.ofKind("HorizontalPodAutoscaler").stream()
                .filter(h -> h.path("spec").path("metrics").get(0).path("type").asText().equals("External"))
                .forEach(scalers::add);
        return scalers;
    }

    private static List<JsonNode> autoscalersOf(Rendering r, String deployment) {
        List<JsonNode> all = new ArrayList<>(r.ofKind("ScaledObject"));
        all.addAll(r.ofKind("HorizontalPodAutoscaler"));
        return all.stream().filter(s -> s.path("spec").path("scaleTargetRef").path("name").asText().equals(deployment)
                && s.path("spec").path("scaleTargetRef").path("kind").asText("Deployment").equals("Deployment")).toList();
    }

    /** (topic, group) of every Kafka trigger of a ScaledObject, or every External lag metric of an HPA. */
    private static List<KafkaInput> kafkaInputsOf(JsonNode scaler, Rendering r) {
        List<KafkaInput> inputs = new ArrayList<>();
        if (scaler.path("kind").asText().equals("ScaledObject")) {
            for (JsonNode t : scaler.path("spec").path("triggers")) {
                assertThat(t.path("type").asText()).isEqualTo("kafka");
                inputs.add(new KafkaInput(t.path("metadata").path("topic").asText(),
                        t.path("metadata").path("consumerGroup").asText()));
            }
        } else {
            for (JsonNode m : scaler.path("spec").path("metrics")) {
                assertThat(m.path("type").asText()).isEqualTo("External");
                JsonNode labels = m.path("external").path("metric").path("selector").path("matchLabels");
                inputs.add(new KafkaInput(labels.path("topic").asText(), labels.path("consumergroup").asText()));
            }
        }
        return inputs;
    }
}
