package io.braid.gateway.progress;

import io.braid.common.job.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the dispatchers observe of each pipeline ({@code braid:stats:<pipeline>}): typical milliseconds per
 * branch and stage, and items finished per second. Read at most every {@link #REFRESH_MS} per pipeline and
 * combined over the dispatcher instances that wrote in the last {@link #FRESH_MS}: rates add up (each
 * dispatcher finishes its own partitions' jobs), durations are averaged.
 */
@ApplicationScoped
public class PipelineStats {
    static final long REFRESH_MS = 1000;
    static final long FRESH_MS = 15_000;

    /** The combined statistics; {@code rate} is items per second (0 when no dispatcher finished any lately). */
    public record Snapshot(double rate, Map<String, Long> durations, long readAt) {
        public static final Snapshot EMPTY = new Snapshot(0, Map.of(), 0);
    }

    private final ReactiveRedisDataSource redis;
    private final Clock clock;
    private final Map<String, Snapshot> cache = new ConcurrentHashMap<>();

    @Inject
    public PipelineStats(ReactiveRedisDataSource redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** The pipeline's statistics, at most {@link #REFRESH_MS} old; empty ones when Redis cannot answer. */
    public Uni<Snapshot> of(String pipeline) {
        long now = clock.millis();
        Snapshot cached = cache.get(pipeline);
        if (cached != null && now - cached.readAt() < REFRESH_MS) {
            return Uni.createFrom().item(cached);
        }
        return redis.hash(String.class).hgetall(RedisKeys.stats(pipeline))
                .map(fields -> {
                    Snapshot s = combine(fields, now);
                    cache.put(pipeline, s);
                    return s;
                })
                .onFailure().recoverWithItem(cached != null ? cached : Snapshot.EMPTY);
    }

    /** Combines the fields of the instances that wrote within {@link #FRESH_MS} of {@code now}. */
    static Snapshot combine(Map<String, String> fields, long now) {
        Map<String, Boolean> fresh = new HashMap<>();
        fields.forEach((k, v) -> {
            if (k.endsWith("|at")) {
                fresh.put(k.substring(0, k.length() - 3), now - parse(v) <= FRESH_MS);
            }
        });
        double rate = 0;
        Map<String, long[]> sums = new HashMap<>();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            int bar = e.getKey().indexOf('|');
            if (bar < 0 || !fresh.getOrDefault(e.getKey().substring(0, bar), false)) {
                continue;
            }
            String rest = e.getKey().substring(bar + 1);
            if (rest.equals("rate")) {
                rate += Double.parseDouble(e.getValue());
            } else if (!rest.equals("at")) {
                long[] s = sums.computeIfAbsent(rest, x -> new long[2]);
                s[0] += parse(e.getValue());
                s[1]++;
            }
        }
        Map<String, Long> durations = new HashMap<>();
        sums.forEach((k, s) -> durations.put(k, s[0] / s[1]));
        return new Snapshot(rate, durations, now);
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
