package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart cannot drift from the services: each service's build writes its Kubernetes manifest from its
 * own configuration (quarkus-kubernetes, {@code <module>/target/kubernetes/kubernetes.yml}), and the chart's
 * Deployment of that service must agree with it on the container's HTTP and management ports, the probes' paths and ports,
 * and the environment variables the service reads.
 */
class GeneratedManifestsTest {
    private static final String CASES = """
            gateway, gateway, demo-braid-gateway
            dispatcher, dispatcher, demo-braid-dispatcher
            preprocess-svc, preprocess, demo-braid-preprocess
            postprocess-svc, postprocess, demo-braid-postprocess
            inference-svc, inference, demo-braid-inference-cpu-small
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = CASES)
    void theChartsContainerListensOnThePortTheServiceIsBuiltFor(String module, String component, String deployment)
            throws IOException {
        JsonNode built = builtContainer(module);
        JsonNode chart = chartContainer(deployment);
        assertThat(port(chart, "http")).as(deployment).isEqualTo(port(built, "http"));
        assertThat(port(chart, "management")).as(deployment + " management interface (health, metrics)")
                .isEqualTo(port(built, "management"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = CASES)
    void theChartProbesThePathsAndPortsTheServiceServes(String module, String component, String deployment)
            throws IOException {
        JsonNode built = builtContainer(module);
        JsonNode chart = chartContainer(deployment);
        int probes = 0;
        for (String probe : new String[]{"livenessProbe", "readinessProbe", "startupProbe"}) {
            JsonNode b = built.path(probe).path("httpGet");
            if (b.isMissingNode()) {
                continue;
            }
            probes++;
            JsonNode c = chart.path(probe).path("httpGet");
            assertThat(c.isMissingNode()).as(deployment + " has the " + probe + " the service declares").isFalse();
            assertThat(c.path("path").asText()).as(deployment + " " + probe).isEqualTo(b.path("path").asText());
            assertThat(resolve(chart, c.path("port"))).as(deployment + " " + probe + " port").isEqualTo(resolve(built, b.path("port")));
        }
        assertThat(probes).as(module + " declares liveness and readiness probes").isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = CASES)
    void theChartGivesTheServiceEveryEnvironmentVariableItReads(String module, String component, String deployment)
            throws IOException {
        Map<String, JsonNode> built = env(builtContainer(module));
        Map<String, JsonNode> chart = env(chartContainer(deployment));
        assertThat(built).as(module + " declares what it reads (quarkus.kubernetes.env.*)").containsKey("KAFKA_BOOTSTRAP_SERVERS");
        // quarkus-kubernetes adds KUBERNETES_NAMESPACE to every manifest; no Braid service reads it
        built.remove("KUBERNETES_NAMESPACE");
        for (Map.Entry<String, JsonNode> e : built.entrySet()) {
            assertThat(chart).as(deployment + " sets " + e.getKey()).containsKey(e.getKey());
            JsonNode field = e.getValue().path("valueFrom").path("fieldRef").path("fieldPath");
            if (!field.isMissingNode()) {
                assertThat(chart.get(e.getKey()).path("valueFrom").path("fieldRef").path("fieldPath").asText())
                        .as(deployment + " " + e.getKey()).isEqualTo(field.asText());
            }
        }
    }

    private static JsonNode builtContainer(String module) throws IOException {
        Path manifest = HelmChart.REPO.resolve(module).resolve("target/kubernetes/kubernetes.yml");
        Assumptions.assumeTrue(Files.isRegularFile(manifest), manifest + " is written by the service's build "
                + "(./mvnw install -DskipTests, or the whole ./mvnw verify, which builds the services before the chart tests)");
        JsonNode deployment = Rendering.parse(Files.readString(manifest)).ofKind("Deployment").get(0);
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static JsonNode chartContainer(String deployment) {
        JsonNode d = HelmChart.render(null).find("Deployment", deployment).orElseThrow(
                () -> new AssertionError("the chart renders no Deployment " + deployment));
        JsonNode containers = d.path("spec").path("template").path("spec").path("containers");
        return containers.get(0);
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        container.path("env").forEach(e -> out.put(e.path("name").asText(), e));
        return out;
    }

    private static int port(JsonNode container, String name) {
        for (JsonNode p : container.path("ports")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name + " in " + container.path("ports"));
    }

    /** A probe's port: a number, or the name of one of the container's ports. */
    private static int resolve(JsonNode container, JsonNode port) {
        return port.isNumber() || port.asText().matches("\\d+") ? port.asInt() : port(container, port.asText());
    }
}
