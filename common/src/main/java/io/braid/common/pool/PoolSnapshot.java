package io.braid.common.pool;

import java.util.List;

/**
 * What one inference process reports of one model it serves, every few seconds, into
 * {@link io.braid.common.job.RedisKeys#POOL_STATS} (field {@link #field}); the gateway combines the fresh
 * ones into {@code GET /v1/pools}.
 *
 * @param pool          the pool
 * @param model         the model
 * @param instance      the reporting process (pod or devstack service name)
 * @param at            when written (epoch ms)
 * @param queueLength   items waiting in the model's batch queue now
 * @param queueCapacity the queue's size
 * @param instances     model instances (worker threads) of this process
 * @param maxBatchSize  the model's largest batch
 * @param batches       batches run since the process started
 * @param items         items those batches carried
 * @param itemsPerSecond items batched per second since the previous report
 * @param batchSizes    how many batches had a size in (previous bound, {@code le}]; the last bucket's {@code le}
 *                      is absent (null): larger than every bound
 */
public record PoolSnapshot(String pool, String model, String instance, long at, int queueLength, int queueCapacity,
                           int instances, int maxBatchSize, long batches, long items, double itemsPerSecond,
                           List<Bucket> batchSizes) {

    /** Batches whose size is at most {@code le} and above the previous bucket's bound; no {@code le}: above every bound. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Bucket(Integer le, long count) {
    }

    /** The hash field of a snapshot: {@code <pool>|<model>|<instance>}. */
    public static String field(String pool, String model, String instance) {
        return pool + "|" + model + "|" + instance;
    }

    /** Buckets from Micrometer's cumulative histogram counts (values at most each bound) and the total count. */
    public static List<Bucket> buckets(double[] bounds, double[] cumulative, long total) {
        List<Bucket> out = new java.util.ArrayList<>(bounds.length + 1);
        double below = 0;
        for (int i = 0; i < bounds.length; i++) {
            out.add(new Bucket((int) bounds[i], Math.round(cumulative[i] - below)));
            below = cumulative[i];
        }
        out.add(new Bucket(null, Math.max(0, total - Math.round(below))));
        return List.copyOf(out);
    }
}
