package io.braid.gateway.service;

import io.braid.common.pool.PoolSnapshot;
import io.braid.common.wire.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PoolStatisticsTest {
    private static final long NOW = 1_000_000;

    private static String report(String instance, long at, int queue, long batches, long items, double rate,
                                 double[] cumulative) {
        return Json.writeString(new PoolSnapshot("small", "mlp", instance, at, queue, 100, 2, 8, batches, items, rate,
                PoolSnapshot.buckets(new double[]{1, 2, 4, 8}, cumulative, batches)));
    }

    @Test
    void freshReportsOfAPoolsProcessesAddUpPerModel() {
        List<PoolStatistics.PoolView> pools = PoolStatistics.combine(Map.of("small", List.of("mlp")), List.of(
                report("a", NOW - 1000, 3, 10, 25, 4.5, new double[]{2, 5, 9, 10}),
                report("b", NOW - 2000, 1, 5, 10, 1.5, new double[]{1, 3, 5, 5})), NOW);
        PoolStatistics.ModelView mlp = pools.get(0).models().get(0);
        assertThat(pools.get(0).processes()).isEqualTo(2);
        assertThat(pools.get(0).queueLength()).isEqualTo(4);
        assertThat(mlp.queueCapacity()).isEqualTo(200);
        assertThat(mlp.instances()).isEqualTo(4);
        assertThat(mlp.batches()).isEqualTo(15);
        assertThat(mlp.items()).isEqualTo(35);
        assertThat(mlp.itemsPerSecond()).isEqualTo(6.0);
        assertThat(mlp.meanBatchSize()).isEqualTo(2.33);
        assertThat(mlp.updatedAt()).isEqualTo(NOW - 1000);
        assertThat(mlp.batchSizes()).containsExactly(new PoolSnapshot.Bucket(1, 3), new PoolSnapshot.Bucket(2, 5),
                new PoolSnapshot.Bucket(4, 6), new PoolSnapshot.Bucket(8, 1), new PoolSnapshot.Bucket(null, 0));
    }

    @Test
    void aStaleReportIsLeftOutAndAPoolWithoutReportsIsListedEmpty() {
        List<PoolStatistics.PoolView> pools = PoolStatistics.combine(
                Map.of("small", List.of("mlp"), "large", List.of("heavy")),
                List.of(report("gone", NOW - PoolStatistics.FRESH_MS - 1, 7, 10, 10, 1, new double[]{10, 10, 10, 10}),
                        "{not json"), NOW);
        assertThat(pools).extracting(PoolStatistics.PoolView::pool).containsExactly("large", "small");
        for (PoolStatistics.PoolView p : pools) {
            assertThat(p.processes()).isZero();
            assertThat(p.models().get(0).processes()).isZero();
            assertThat(p.models().get(0).batchSizes()).isEmpty();
            assertThat(p.models().get(0).meanBatchSize()).isNull();
        }
    }

    @Test
    void bucketsTurnCumulativeCountsIntoCountsPerRangeWithTheRestAboveTheLastBound() {
        assertThat(PoolSnapshot.buckets(new double[]{1, 2, 4}, new double[]{1, 1, 4}, 6)).containsExactly(
                new PoolSnapshot.Bucket(1, 1), new PoolSnapshot.Bucket(2, 0), new PoolSnapshot.Bucket(4, 3),
                new PoolSnapshot.Bucket(null, 2));
    }
}
