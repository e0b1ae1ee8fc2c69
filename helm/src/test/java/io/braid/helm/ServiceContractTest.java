package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart against the services it deploys: ports, configuration keys, the catalog the services read,
 * and the metrics the dashboard plots. Every expectation comes from the services' own files.
 */
class ServiceContractTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, String> MODULES = Map.of("gateway", "gateway", "dispatcher", "dispatcher",
            "preprocess", "preprocess-svc", "postprocess", "postprocess-svc", "inference", "inference-svc");

    /** Quarkus's environment-variable name for a configuration key. */
    private static String envName(String key) {
        return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    @Test
    void everyContainerListensOnItsServicesHttpPort() {
        for (JsonNode d : HelmChart.render(null).ofKind("Deployment")) {
            String module = MODULES.get(Rendering.label(d, "app.kubernetes.io/component"));
            JsonNode port = d.path("spec").path("template").path("spec").path("containers").get(0).path("ports").get(0);
            assertThat(port.path("containerPort").asInt()).as(Rendering.id(d))
                    .isEqualTo(ServiceConfig.of(module).httpPort());
        }
    }

    @Test
    void everyBraidSettingTheChartPassesIsAKeyItsServiceDefines() {
        for (JsonNode d : HelmChart.render(null, RenderedObjectsTest.INLINE_CREDENTIALS).ofKind("Deployment")) {
            ServiceConfig config = ServiceConfig.of(MODULES.get(Rendering.label(d, "app.kubernetes.io/component")));
            Map<String, String> env = Rendering.env(d.path("spec").path("template").path("spec").path("containers").get(0));
            for (String key : List.of("kafka.bootstrap.servers", "quarkus.redis.hosts", "quarkus.redis.max-pool-size",
                    "quarkus.redis.max-pool-waiting", "braid.models-dir",
                    "braid.pipelines-dir", "braid.inference.pool")) {
                assertThat(env.containsKey(envName(key))).as(Rendering.id(d) + " sets " + envName(key))
                        .isEqualTo(config.defines(key));
            }
            // a BRAID_ variable is a key's environment name, or read as such in a value (${BRAID_INSTANCE:...});
            // BRAID_INSTANCE is on every pod (the shared template) for the Kafka consumers' static membership,
            // and the gateway, which consumes nothing, ignores it
            env.keySet().stream().filter(k -> k.startsWith("BRAID_") && !k.equals("BRAID_INFERENCE_INTRA_OP_THREADS"))
                    .filter(k -> !(k.equals("BRAID_INSTANCE") && config.module().equals("gateway")))
                    .filter(k -> config.properties().values().stream().noneMatch(v -> v.toString().contains("${" + k)))
                    .forEach(k -> assertThat(config.properties().stringPropertyNames().stream().map(ServiceContractTest::envName))
                            .as(Rendering.id(d) + ": " + k + " maps to a key of " + config.module()).contains(k));
        }
    }

    @Test
    void theGatewayListensOnAllInterfacesInThePod() {
        assertThat(ServiceConfig.of("gateway").properties().getProperty("quarkus.http.host")).isEqualTo("127.0.0.1");
        JsonNode gateway = HelmChart.render(null).find("Deployment", "demo-braid-gateway").orElseThrow();
        assertThat(Rendering.env(gateway.path("spec").path("template").path("spec").path("containers").get(0)))
                .containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
    }

    /*
     * The chart ships the digits ensemble as its default catalog; the repository's other pipelines and
     * models are test fixtures (a deliberately mismatched model, a deliberately slow one) that a
     * deployment adds through values when it wants them.
     */
    @Test
    void theDefaultPipelinesAreTheRepositorysFilesOfTheSameName() throws Exception {
        JsonNode pipelines = YAML.readTree(HelmChart.SOURCE.resolve("values.yaml").toFile()).path("pipelines");
        assertThat(pipelines.has("digits")).isTrue();
        for (Iterator<String> it = pipelines.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            Path file = HelmChart.REPO.resolve("pipelines").resolve(name + ".yaml");
            assertThat(file).as("the repository has the pipeline the chart ships").isRegularFile();
            assertThat(pipelines.path(name)).as("values.yaml pipelines." + name).isEqualTo(YAML.readTree(file.toFile()));
        }
    }

    @Test
    void theDefaultModelMetadataIsTheRepositorysModelYamlOfTheSameName() throws Exception {
        JsonNode chartModels = YAML.readTree(HelmChart.SOURCE.resolve("values.yaml").toFile())
                .path("modelRepository").path("models");
        List<String> compared = new ArrayList<>();
        for (Iterator<String> it = chartModels.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            Path file = HelmChart.REPO.resolve("models").resolve(name).resolve("model.yaml");
            if (Files.isRegularFile(file)) {
                ObjectNode repo = (ObjectNode) YAML.readTree(file.toFile());
                assertThat(repo.remove("name").asText()).isEqualTo(name);
                assertThat(chartModels.path(name)).as("values.yaml modelRepository.models." + name).isEqualTo(repo);
                compared.add(name);
            }
        }
        Assumptions.assumeFalse(compared.isEmpty(),
                "the digits models are written by scripts/train_digits.py; none is in models/ yet");
    }

    @Test
    void plannersSeeEveryModelsMetadataBesideAWeightsStandIn() {
        Rendering r = HelmChart.render(null);
        JsonNode catalog = r.find("ConfigMap", "demo-braid-models").orElseThrow();
        for (String planner : List.of("demo-braid-gateway", "demo-braid-dispatcher")) {
            JsonNode spec = r.find("Deployment", planner).orElseThrow().path("spec").path("template").path("spec");
            JsonNode volume = null;
            for (JsonNode v : spec.path("volumes")) {
                if (v.path("name").asText().equals("models")) {
                    volume = v;
                }
            }
            assertThat(volume).as(planner + " mounts the model catalog").isNotNull();
            for (String model : List.of("digits-mlp", "digits-cnn", "digits-lenet")) {
                assertThat(catalog.path("data").path(model + ".yaml").asText()).contains("name: " + model);
                assertThat(volume.path("configMap").path("items")).extracting(i -> i.path("path").asText())
                        .contains(model + "/model.yaml", model + "/model.pt");
            }
        }
    }

    @Test
    void theDashboardPlotsTheBraidMetricsAndKafkaLag() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(HelmChart.SOURCE.resolve("files/grafana-dashboard.json").toFile());
        StringBuilder queries = new StringBuilder();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.append(t.path("expr").asText()).append('\n')));
        assertThat(queries.toString()).contains("braid_stage_tasks_total", "braid_inference_batch_size",
                "braid_inference_queue_length", "braid_jobs_finished_total", "kafka_consumergroup_lag");
        JsonNode configMap = HelmChart.render(null).find("ConfigMap", "demo-braid-dashboard").orElseThrow();
        assertThat(new ObjectMapper().readTree(configMap.path("data").path("braid.json").asText())).isEqualTo(dashboard);
    }

    @Test
    void theServiceMonitorScrapesQuarkusMetricsOfEveryServiceOnItsManagementPort() {
        Rendering r = HelmChart.render("values-prod.yaml");
        JsonNode monitor = r.ofKind("ServiceMonitor").get(0);
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        assertThat(endpoint.path("port").asText()).isEqualTo("management");
        JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
        List<JsonNode> selected = r.ofKind("Service").stream().filter(service -> {
            boolean[] all = {true};
            selector.fields().forEachRemaining(e -> all[0] &= e.getValue().asText().equals(Rendering.label(service, e.getKey())));
            return all[0];
        }).toList();
        for (JsonNode d : r.ofKind("Deployment")) {
            JsonNode pods = d.path("spec").path("selector").path("matchLabels");
            assertThat(selected).as("one scraped Service selects the pods of " + Rendering.id(d))
                    .filteredOn(s -> s.path("spec").path("selector").equals(pods)).singleElement()
                    .satisfies(s -> assertThat(s.path("spec").path("ports")).extracting(p -> p.path("targetPort").asText())
                            .containsExactly("management"));
        }
        assertThat(selected).as("every scraped Service is a management Service").hasSize(r.ofKind("Deployment").size());
    }

    @Test
    void theClientFacingGatewayServiceCarriesTheApiOnlyNotHealthOrMetrics() {
        for (String values : new String[]{null, "values-prod.yaml", "values-staging.yaml", "values-dev.yaml"}) {
            JsonNode gateway = HelmChart.render(values).find("Service", "demo-braid-gateway").orElseThrow();
            assertThat(gateway.path("spec").path("ports")).as(String.valueOf(values))
                    .extracting(p -> p.path("targetPort").asText()).containsExactly("http");
        }
    }

    @Test
    void theHelmTestSubmitsADigitToTheGatewayAndWaitsForSuccess() {
        Rendering r = HelmChart.render(null);
        JsonNode pod = r.find("Pod", "demo-braid-test-submit-job").orElseThrow();
        assertThat(pod.path("metadata").path("annotations").path(HelmChart.HOOK_ANNOTATION).asText()).isEqualTo("test");
        JsonNode container = pod.path("spec").path("containers").get(0);
        JsonNode service = r.find("Service", "demo-braid-gateway").orElseThrow();
        assertThat(Rendering.env(container)).containsEntry("GATEWAY",
                "demo-braid-gateway:" + service.path("spec").path("ports").get(0).path("port").asInt())
                .containsEntry("PIPELINE", "digits");
        assertThat(container.path("args").get(0).asText())
                .contains("/v1/pipelines/$PIPELINE/jobs", "/v1/jobs/$job", "SUCCEEDED) ", "\"image\":\"iVBORw0KGgo");
    }
}
