package io.braid.gateway.service;

import io.braid.common.job.RedisKeys;
import io.braid.common.pool.PoolSnapshot;
import io.braid.common.wire.Json;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/pools}: the inference pools' own reports ({@link PoolSnapshot} in {@link RedisKeys#POOL_STATS}),
 * combined per pool and model over the processes that reported within {@link #FRESH_MS}: queue lengths,
 * capacities, batches, items, items per second and batch-size histograms add up. Every pool of the model
 * repository is listed, with no processes when none reported lately.
 */
@ApplicationScoped
public class PoolStatistics {
    /** A report older than this is from a process that stopped (pools report every few seconds). */
    static final long FRESH_MS = 15_000;

    /** One pool: its models, and the sums over them. */
    public record PoolView(String pool, int processes, int queueLength, double itemsPerSecond, List<ModelView> models) {
    }

    /** One model of a pool, summed over the pool's processes that reported lately (absent: nothing reported). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ModelView(String model, int processes, int queueLength, int queueCapacity, int instances,
                            int maxBatchSize, long batches, long items, double itemsPerSecond, Double meanBatchSize,
                            List<PoolSnapshot.Bucket> batchSizes, Long updatedAt) {
    }

    private final ReactiveRedisDataSource redis;
    private final PipelineRegistry catalog;
    private final Clock clock;

    @Inject
    public PoolStatistics(ReactiveRedisDataSource redis, PipelineRegistry catalog, Clock clock) {
        this.redis = redis;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Every pool of the model repository with what its processes reported lately. */
    public Uni<List<PoolView>> pools() {
        return redis.hash(String.class).hgetall(RedisKeys.POOL_STATS)
                .onFailure().transform(StoreUnavailableException::new)
                .map(fields -> combine(catalog.pools(), fields.values(), clock.millis()));
    }

    /** Combines the fresh reports of the pools (pool → its models, from the repository). */
    static List<PoolView> combine(Map<String, List<String>> repository, Iterable<String> reports, long now) {
        Map<String, Map<String, List<PoolSnapshot>>> byPool = new TreeMap<>();
        repository.forEach((pool, models) -> models.forEach(m ->
                byPool.computeIfAbsent(pool, p -> new TreeMap<>()).computeIfAbsent(m, x -> new ArrayList<>())));
        for (String json : reports) {
            PoolSnapshot s;
            try {
                s = Json.read(json, PoolSnapshot.class);
            } catch (RuntimeException e) {
                continue; // a report of another version: skipped, the next one replaces it
            }
            if (now - s.at() <= FRESH_MS) {
                byPool.computeIfAbsent(s.pool(), p -> new TreeMap<>()).computeIfAbsent(s.model(), x -> new ArrayList<>()).add(s);
            }
        }
        List<PoolView> pools = new ArrayList<>();
        byPool.forEach((pool, models) -> {
            List<ModelView> views = new ArrayList<>();
            models.forEach((model, snapshots) -> views.add(model(model, snapshots)));
            long processes = models.values().stream().flatMap(List::stream).map(PoolSnapshot::instance).distinct().count();
            pools.add(new PoolView(pool, (int) processes, views.stream().mapToInt(ModelView::queueLength).sum(),
                    round(views.stream().mapToDouble(ModelView::itemsPerSecond).sum()), List.copyOf(views)));
        });
        return List.copyOf(pools);
    }

    private static ModelView model(String model, List<PoolSnapshot> snapshots) {
        int queue = 0;
        int capacity = 0;
        int instances = 0;
        int maxBatch = 0;
        long batches = 0;
        long items = 0;
        double rate = 0;
        Long updated = null;
        Map<Integer, Long> buckets = new TreeMap<>();
        long over = 0;
        for (PoolSnapshot s : snapshots) {
            queue += s.queueLength();
            capacity += s.queueCapacity();
            instances += s.instances();
            maxBatch = Math.max(maxBatch, s.maxBatchSize());
            batches += s.batches();
            items += s.items();
            rate += s.itemsPerSecond();
            updated = updated == null ? s.at() : Math.max(updated, s.at());
            for (PoolSnapshot.Bucket b : s.batchSizes()) {
                if (b.le() == null) {
                    over += b.count();
                } else {
                    buckets.merge(b.le(), b.count(), Long::sum);
                }
            }
        }
        List<PoolSnapshot.Bucket> histogram = new ArrayList<>();
        buckets.forEach((le, count) -> histogram.add(new PoolSnapshot.Bucket(le, count)));
        if (!snapshots.isEmpty()) {
            histogram.add(new PoolSnapshot.Bucket(null, over));
        }
        return new ModelView(model, snapshots.size(), queue, capacity, instances, maxBatch, batches, items, round(rate),
                batches == 0 ? null : round((double) items / batches), List.copyOf(histogram), updated);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
