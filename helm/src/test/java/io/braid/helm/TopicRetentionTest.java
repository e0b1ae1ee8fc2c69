package io.braid.helm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every topic the chart creates is bounded in time and in size ({@code retention.ms} and
 * {@code retention.bytes}), whether the topics Job or Strimzi's Topic Operator creates it.
 */
class TopicRetentionTest {
    private static final String STRIMZI = """
            kafka:
              topicsJob: {enabled: false}
              strimzi: {enabled: true, clusterName: braid}
            """;

    static java.util.stream.Stream<String> shipped() {
        return Scenario.shipped();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void theTopicsJobBoundsEveryTopicInTimeAndSize(String valuesFile) {
        assertBounded(HelmChart.render(valuesFile).topicRetention());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void strimziKafkaTopicsBoundEveryTopicInTimeAndSize(String valuesFile) {
        assertBounded(HelmChart.render(valuesFile, STRIMZI).topicRetention());
    }

    @Test
    void aPoolWithoutItsOwnSizeBoundGetsTheChartDefault() {
        Map<String, Long[]> retention = HelmChart.render(null, "kafka:\n  retentionBytes: 2097152\n").topicRetention();
        assertThat(retention.get("braid.inference.cpu-small")[1]).isEqualTo(2097152L);
        assertThat(retention.get("braid.results")[1]).as("a topic's own bound wins").isEqualTo(268435456L);
    }

    private static void assertBounded(Map<String, Long[]> retention) {
        assertThat(retention).isNotEmpty();
        retention.forEach((topic, r) -> {
            assertThat(r[0]).as("%s retention.ms", topic).isNotNull().isPositive();
            assertThat(r[1]).as("%s retention.bytes", topic).isNotNull().isGreaterThanOrEqualTo(1L << 20);
        });
    }
}
