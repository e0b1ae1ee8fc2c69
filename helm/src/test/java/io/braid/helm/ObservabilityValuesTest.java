package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Traces go to the OTLP endpoint the values name, sampled by ratio; without one the SDK is off; logs are JSON. */
class ObservabilityValuesTest {
    private static final String ENDPOINT = "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

    @Test
    void withoutAnEndpointTracingIsOffAndEveryServiceLogsJson() {
        Rendering r = HelmChart.render(null);
        assertThat(r.ofKind("Deployment")).hasSizeGreaterThanOrEqualTo(5).allSatisfy(d -> assertThat(env(d))
                .as(Rendering.id(d)).containsEntry("QUARKUS_OTEL_SDK_DISABLED", "true")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true").doesNotContainKey(ENDPOINT));
        assertThat(r.find("NetworkPolicy", "demo-braid-allow-tracing")).isEmpty();
    }

    @Test
    void everyServiceExportsItsSpansToTheConfiguredEndpointSamplingTheConfiguredRatioOfJobs() {
        Rendering r = HelmChart.render(null,
                "tracing: {endpoint: 'http://otel-collector.observability:4318', samplerRatio: 0.25}");
        assertThat(r.ofKind("Deployment")).hasSizeGreaterThanOrEqualTo(5).allSatisfy(d -> assertThat(env(d))
                .as(Rendering.id(d)).containsEntry(ENDPOINT, "http://otel-collector.observability:4318")
                .containsEntry("QUARKUS_OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                .containsEntry("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "0.25")
                .doesNotContainKey("QUARKUS_OTEL_SDK_DISABLED"));
        JsonNode egress = r.find("NetworkPolicy", "demo-braid-allow-tracing").orElseThrow().path("spec").path("egress");
        assertThat(egress.get(0).path("ports").get(0).path("port").asInt()).isEqualTo(4318);
    }

    private static Map<String, String> env(JsonNode deployment) {
        return Rendering.env(deployment.path("spec").path("template").path("spec").path("containers").get(0));
    }
}
