package io.braid.inference.engine;

import io.braid.common.job.RedisKeys;
import io.braid.common.pool.PoolSnapshot;
import io.braid.common.wire.Json;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.braid.inference.config.InferenceConfig;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code braid.inference.stats-interval} writes a {@link PoolSnapshot} of each served model into Redis
 * ({@link RedisKeys#POOL_STATS}), from which the gateway answers {@code GET /v1/pools}. Optional to serving: a
 * Redis that does not answer is logged (once until it answers again) and the pool goes on.
 */
@ApplicationScoped
public class PoolStatsPublisher {
    private static final Logger LOG = Logger.getLogger(PoolStatsPublisher.class);
    private static final Duration KEY_TTL = Duration.ofDays(1);

    private final ModelRegistry models;
    private final ReactiveRedisDataSource redis;
    private final Clock clock;
    private final Duration interval;
    private final String instance;
    private final Map<String, long[]> previous = new HashMap<>();
    private volatile boolean failing;
    private ScheduledExecutorService timer;

    @Inject
    public PoolStatsPublisher(ModelRegistry models, ReactiveRedisDataSource redis, Clock clock, InferenceConfig config) {
        this.models = models;
        this.redis = redis;
        this.clock = clock;
        this.interval = config.inference().statsInterval();
        // the process's name: the devstack's service name, the pod's name in Kubernetes
        this.instance = Optional.ofNullable(System.getenv("BRAID_INSTANCE"))
                .or(() -> Optional.ofNullable(System.getenv("HOSTNAME"))).orElse(UUID.randomUUID().toString());
    }

    void start(@Observes StartupEvent e) {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "braid-pool-stats");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::publish, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Writes one snapshot per served model; items per second count since this process's previous report. */
    void publish() {
        try {
            long now = clock.millis();
            Map<String, String> fields = new HashMap<>();
            for (ServedModel m : models.served()) {
                ServedModel.Stats s = m.stats();
                long[] before = previous.put(s.model(), new long[]{now, s.items()});
                double rate = before == null || now <= before[0] ? 0 : (s.items() - before[1]) * 1000.0 / (now - before[0]);
                PoolSnapshot snapshot = new PoolSnapshot(s.pool(), s.model(), instance, now, s.queueLength(),
                        s.queueCapacity(), s.instances(), s.maxBatchSize(), s.batches(), s.items(),
                        Math.round(rate * 100) / 100.0, PoolSnapshot.buckets(s.bounds(), s.cumulativeCounts(), s.batches()));
                fields.put(PoolSnapshot.field(s.pool(), s.model(), instance), Json.writeString(snapshot));
            }
            if (fields.isEmpty()) {
                return;
            }
            redis.hash(String.class).hset(RedisKeys.POOL_STATS, fields)
                    .chain(() -> redis.key().pexpire(RedisKeys.POOL_STATS, KEY_TTL))
                    .subscribe().with(ok -> {
                        if (failing) {
                            LOG.info("pool statistics are written to Redis again");
                        }
                        failing = false;
                    }, this::failed);
        } catch (RuntimeException ex) {
            failed(ex);
        }
    }

    private void failed(Throwable ex) {
        if (!failing) {
            LOG.warnf("pool statistics could not be written to Redis (GET /v1/pools will not show this process): %s",
                    ex.getMessage());
        }
        failing = true;
    }
}
