package io.braid.devstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServicePlanTest {
    private static final Map<String, Integer> PORTS = Map.of("gateway", 1, "dispatcher", 2, "preprocess", 3,
            "postprocess", 4, "inference-cpu-small", 5);
    private static final Map<String, Integer> MANAGEMENT = Map.of("gateway", 11, "dispatcher", 12, "preprocess", 13,
            "postprocess", 14, "inference-cpu-small", 15);

    @Test
    void everyServiceServesHealthAndMetricsOnItsOwnManagementPortOnLoopback() {
        List<ServiceSpec> specs = ServicePlan.of(Path.of("/repo"), PORTS, MANAGEMENT, List.of("cpu-small"), "k:1",
                "redis://r:2", Map.of(), 1);
        assertThat(specs).allSatisfy(s -> {
            assertThat(s.managementPort()).as(s.name()).isEqualTo(MANAGEMENT.get(s.name()));
            assertThat(s.env()).as(s.name()).containsEntry("QUARKUS_MANAGEMENT_PORT", Integer.toString(s.managementPort()))
                    .containsEntry("QUARKUS_MANAGEMENT_HOST", LocalPorts.HOST);
            assertThat(s.managementUrl()).isEqualTo("http://127.0.0.1:" + s.managementPort());
        });
    }

    @Test
    void everyServiceJvmExitsOnOutOfMemoryInsteadOfLimpingOnWithABrokenHeap() {
        List<ServiceSpec> specs = ServicePlan.of(Path.of("/repo"), PORTS, MANAGEMENT, List.of("cpu-small"), "k:1",
                "redis://r:2", Map.of("BRAID_MAX_RECORD_BYTES", "1000000"), 1);
        assertThat(specs).hasSize(5).allSatisfy(s -> {
            assertThat(s.jvmOptions()).as(s.name()).contains("-XX:+ExitOnOutOfMemoryError");
            assertThat(s.env()).as(s.name()).containsEntry("BRAID_MAX_RECORD_BYTES", "1000000");
        });
        ServiceSpec preprocess = specs.stream().filter(s -> s.name().equals("preprocess")).findFirst().orElseThrow();
        assertThat(preprocess.jvmOptions()).as("decoding within its pixel budget needs the larger heap").contains("-Xmx1g");
    }

    @Test
    void everyTopicIsCreatedWithTheRecordLimitAsItsMaxMessageBytes() {
        assertThat(StackTopics.configs(1_000_000)).containsEntry("max.message.bytes", "1000000");
    }

    @Test
    void theStackTakesItsRecordLimitFromTheServicesEnvironmentThenItsOwnThenTheDefault() {
        String key = StackTopics.MAX_RECORD_BYTES_ENV;
        assertThat(StackTopics.maxRecordBytes(Map.of(key, "1500000"), Map.of(key, "2000000"))).isEqualTo(1_500_000);
        assertThat(StackTopics.maxRecordBytes(Map.of(), Map.of(key, "2000000"))).isEqualTo(2_000_000);
        assertThat(StackTopics.maxRecordBytes(Map.of(), Map.of())).isEqualTo(8 * 1024 * 1024);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StackTopics.maxRecordBytes(Map.of(key, "1000"), Map.of()))
                .hasMessageContaining("braid.max-record-bytes");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StackTopics.maxRecordBytes(Map.of(key, "8MB"), Map.of()))
                .hasMessageContaining(key);
    }
}
