package io.braid.devstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServicePlanTest {
    private static final Map<String, Integer> PORTS = Map.of("gateway", 1, "dispatcher", 2, "preprocess", 3,
            "postprocess", 4, "inference-cpu-small", 5);

    @Test
    void everyServiceJvmExitsOnOutOfMemoryInsteadOfLimpingOnWithABrokenHeap() {
        List<ServiceSpec> specs = ServicePlan.of(Path.of("/repo"), PORTS, List.of("cpu-small"), "k:1", "redis://r:2",
                Map.of("BRAID_MAX_RECORD_BYTES", "1000000"), 1);
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
