package io.braid.dispatcher.convoy;

import io.braid.common.job.LuaSource;
import io.braid.common.job.JobFields;
import io.braid.common.job.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Convoys in Redis: the layout under the convoy's own key (read back by whichever dispatcher replica
 * receives its outcomes) and, in each member job's hash, where the job sits in it (so the notices that
 * skip a job's remaining work can name the convoy items the stages know). Layouts are cached.
 */
@ApplicationScoped
public class ConvoyStore {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A convoy's layout outlives its deadline by this much: outcomes after that are late anyway. */
    static final long KEEP_AFTER_DEADLINE_MS = 600_000;
    private static final int CACHE = 4096;
    private static final String SEAT = LuaSource.load("seat.lua");

    private final ReactiveRedisDataSource redis;
    private final Map<String, ConvoyMembers> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ConvoyMembers> eldest) {
            return size() > CACHE;
        }
    };

    /** Where a member job sits in its convoy: items {@code offset .. offset + items - 1}. */
    public record Seat(String convoyId, int offset, int items) {
    }

    @Inject
    public ConvoyStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /**
     * Stores the layout and every member's seat (only on a job that still exists: {@code seat.lua})
     * before any task is sent. The keys lie in different slots, so not one script and not one batch
     * (Redis Cluster clients refuse a batch across slots): one pipelined batch per slot (the members'
     * shards, the convoy's own key), all sent at once.
     */
    public void register(Convoy convoy, long nowMs) {
        ConvoyMembers layout = convoy.layout();
        long ttlMs = Math.max(1, convoy.deadlineEpochMs() - nowMs) + KEEP_AFTER_DEADLINE_MS;
        Map<Integer, List<Request>> bySlot = new LinkedHashMap<>();
        bySlot.computeIfAbsent(-1, k -> new ArrayList<>()).add(Request.cmd(Command.SET)
                .arg(RedisKeys.convoy(convoy.id())).arg(layout.encode()).arg("PX").arg(ttlMs));
        for (int i = 0; i < layout.members().size(); i++) {
            String jobId = layout.members().get(i).jobId();
            bySlot.computeIfAbsent(RedisKeys.shard(jobId), k -> new ArrayList<>()).add(Request.cmd(Command.EVAL)
                    .arg(SEAT).arg(1).arg(RedisKeys.job(jobId)).arg(convoy.id() + ":" + layout.offset(i)));
        }
        List<io.smallrye.mutiny.Uni<List<io.vertx.mutiny.redis.client.Response>>> batches = new ArrayList<>();
        bySlot.values().forEach(writes -> batches.add(redis.getRedis().batch(writes)));
        io.smallrye.mutiny.Uni.join().all(batches).andFailFast().await().atMost(TIMEOUT);
        synchronized (cache) {
            cache.put(convoy.id(), layout);
        }
    }

    /** The layout of a convoy, or empty when it is unknown (expired: its outcomes are late). */
    public Optional<ConvoyMembers> layout(String convoyId) {
        synchronized (cache) {
            ConvoyMembers known = cache.get(convoyId);
            if (known != null) {
                return Optional.of(known);
            }
        }
        var r = redis.execute("GET", RedisKeys.convoy(convoyId)).await().atMost(TIMEOUT);
        if (r == null) {
            return Optional.empty();
        }
        ConvoyMembers layout = ConvoyMembers.decode(r.toString());
        synchronized (cache) {
            cache.put(convoyId, layout);
        }
        return Optional.of(layout);
    }

    /** The convoy seat of a job, or empty when it travels alone. */
    public Optional<Seat> seat(String jobId) {
        var r = redis.execute("HMGET", RedisKeys.job(jobId), JobFields.CONVOY, JobFields.ITEMS).await().atMost(TIMEOUT);
        if (r == null || r.get(0) == null || r.get(1) == null) {
            return Optional.empty();
        }
        String ref = r.get(0).toString();
        int colon = ref.lastIndexOf(':');
        return Optional.of(new Seat(ref.substring(0, colon), Integer.parseInt(ref.substring(colon + 1)),
                r.get(1).toInteger()));
    }

}
