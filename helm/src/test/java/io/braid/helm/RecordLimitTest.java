package io.braid.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One record limit, {@code kafka.maxRecordBytes}: every topic's {@code max.message.bytes}, every service's
 * {@code braid.max-record-bytes} (its producers, consumers and the gateway's limits), and a JVM that exits
 * on OutOfMemoryError so that Kubernetes restarts a broken heap.
 */
class RecordLimitTest {
    private static final String SERVICES_REGEX = "gateway|dispatcher|preprocess|postprocess|inference";
    private static final List<String> MODULES = List.of("gateway", "dispatcher", "preprocess-svc", "postprocess-svc",
            "inference-svc");
    private static final Pattern TOPIC_CONFIG = Pattern.compile("--config \"max\\.message\\.bytes=\\$MAX_MESSAGE_BYTES\"");

    static Stream<String> valuesFiles() {
        return Scenario.shipped();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void everyServiceAndEveryTopicGetTheSameLimit(String valuesFile) {
        Rendering r = HelmChart.render(valuesFile);
        assertLimitEverywhere(r, 8_388_608);
    }

    @Test
    void oneValueChangesTheLimitOfTheTopicsJobTheStrimziTopicsAndEveryService() {
        assertLimitEverywhere(HelmChart.render(null, "kafka:\n  maxRecordBytes: 2000000\n"), 2_000_000);
        Rendering strimzi = HelmChart.render(null, """
                kafka:
                  maxRecordBytes: 3000000
                  topicsJob: {enabled: false}
                  strimzi: {enabled: true, clusterName: braid}
                """);
        assertThat(strimzi.ofKind("KafkaTopic")).isNotEmpty().allSatisfy(t ->
                assertThat(t.path("spec").path("config").path("max.message.bytes").asLong()).as(Rendering.id(t))
                        .isEqualTo(3_000_000));
        assertLimitEverywhere(strimzi, 3_000_000);
    }

    @Test
    void aLimitTooSmallForTheHeadersIsRefused() {
        assertThatThrownBy(() -> HelmChart.render(null, "kafka:\n  maxRecordBytes: 1000\n"))
                .hasMessageContaining("maxRecordBytes");
    }

    @Test
    void everyServiceSizesItsKafkaClientsFromTheOneSetting() {
        for (String module : MODULES) {
            ServiceConfig config = ServiceConfig.of(module);
            for (String key : config.properties().stringPropertyNames()) {
                Matcher m = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector").matcher(key);
                if (!m.matches()) {
                    continue;
                }
                String channel = "mp.messaging." + m.group(1) + "." + m.group(2);
                String topic = config.properties().getProperty(channel + ".topic", "");
                boolean control = topic.equals("braid.control");
                if (m.group(1).equals("outgoing") && !control) {
                    assertThat(config.properties().getProperty(channel + ".max.request.size")).as(module + " " + channel)
                            .isEqualTo("${braid.max-record-bytes}");
                } else if (!control) {
                    assertThat(config.properties().getProperty(channel + ".max.partition.fetch.bytes"))
                            .as(module + " " + channel).isEqualTo("${braid.max-record-bytes}");
                }
            }
            assertThat(config.properties().getProperty("braid.max-record-bytes")).as(module).isEqualTo("8388608");
        }
    }

    private static void assertLimitEverywhere(Rendering r, long limit) {
        int services = 0;
        for (JsonNode d : r.ofKind("Deployment")) {
            JsonNode container = d.path("spec").path("template").path("spec").path("containers").get(0);
            if (!container.path("name").asText().matches(SERVICES_REGEX)) {
                continue;
            }
            services++;
            Map<String, String> env = Rendering.env(container);
            assertThat(env.get("BRAID_MAX_RECORD_BYTES")).as(Rendering.id(d)).isEqualTo(Long.toString(limit));
            assertThat(env.get("JAVA_OPTS")).as(Rendering.id(d)).contains("-XX:+ExitOnOutOfMemoryError");
        }
        assertThat(services).isGreaterThanOrEqualTo(5);
        for (JsonNode job : r.ofKind("Job")) {
            JsonNode container = job.path("spec").path("template").path("spec").path("containers").get(0);
            if (!container.path("name").asText().equals("kafka-topics")) {
                continue;
            }
            assertThat(Rendering.env(container).get("MAX_MESSAGE_BYTES")).isEqualTo(Long.toString(limit));
            String script = container.path("args").get(0).asText();
            assertThat(TOPIC_CONFIG.matcher(script).find()).as("topics are created with max.message.bytes").isTrue();
            assertThat(script).contains("--add-config \"retention.ms=$retention,retention.bytes=$bytes,max.message.bytes=$MAX_MESSAGE_BYTES\"");
        }
    }
}
