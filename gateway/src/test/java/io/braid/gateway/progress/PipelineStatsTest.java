package io.braid.gateway.progress;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How the gateway combines the statistics every dispatcher instance writes for a pipeline. */
class PipelineStatsTest {
    @Test
    void ratesOfFreshInstancesAddUpAndTheirDurationsAverage() {
        Map<String, String> fields = Map.of(
                "d1|at", "100000", "d1|rate", "40.0", "d1|mlp|inference", "100",
                "d2|at", "99000", "d2|rate", "20.5", "d2|mlp|inference", "300");
        PipelineStats.Snapshot s = PipelineStats.combine(fields, 100_500);
        assertThat(s.rate()).isEqualTo(60.5);
        assertThat(s.durations()).containsExactly(Map.entry("mlp|inference", 200L));
    }

    @Test
    void anInstanceSilentForLongerThanTheFreshnessWindowIsLeftOut() {
        Map<String, String> fields = Map.of(
                "gone|at", "1000", "gone|rate", "1000", "gone|mlp|inference", "9999",
                "here|at", Long.toString(1000 + PipelineStats.FRESH_MS + 1), "here|rate", "3", "here|mlp|inference", "50");
        PipelineStats.Snapshot s = PipelineStats.combine(fields, 1000 + PipelineStats.FRESH_MS + 2);
        assertThat(s.rate()).isEqualTo(3.0);
        assertThat(s.durations()).containsEntry("mlp|inference", 50L);
    }

    @Test
    void noStatisticsMeanNoRateAndNoDurations() {
        PipelineStats.Snapshot s = PipelineStats.combine(Map.of(), 5);
        assertThat(s.rate()).isZero();
        assertThat(s.durations()).isEmpty();
    }
}
