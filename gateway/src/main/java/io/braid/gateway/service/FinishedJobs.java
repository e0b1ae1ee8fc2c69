package io.braid.gateway.service;

import io.braid.common.job.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes waiting requests when their job finishes: one subscription per gateway to the channel on
 * which the dispatcher announces every finished job. Pub/sub may miss a message, so a waiter also
 * wakes after at most {@link #RECHECK} and re-reads the job.
 */
@ApplicationScoped
public class FinishedJobs {
    /** Longest sleep of a waiting request between reads, in case an announcement was missed. */
    static final Duration RECHECK = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(FinishedJobs.class);

    private final ReactiveRedisDataSource redis;
    private final Map<String, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();

    @Inject
    public FinishedJobs(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    void subscribe(@Observes StartupEvent ev) {
        redis.pubsub(String.class).subscribe(RedisKeys.FINISHED_CHANNEL)
                .subscribe().with(this::finished, e -> LOG.warnf("finished-job channel lost: %s", e.getMessage()));
    }

    private void finished(String jobId) {
        CompletableFuture<Void> f = waiters.remove(jobId);
        if (f != null) {
            f.complete(null);
        }
    }

    /** Completes when the job is announced finished, or after {@code max} (at most {@link #RECHECK}). */
    public Uni<Void> next(String jobId, Duration max) {
        if (max.isZero() || max.isNegative()) {
            return Uni.createFrom().voidItem();
        }
        CompletableFuture<Void> f = waiters.computeIfAbsent(jobId, id -> new CompletableFuture<>());
        Duration wait = max.compareTo(RECHECK) < 0 ? max : RECHECK;
        return Uni.createFrom().completionStage(f.copy()).ifNoItem().after(wait).recoverWithItem((Void) null);
    }

    /** Forgets a waiter whose job will never be announced (it was not enqueued). */
    public void drop(String jobId) {
        CompletableFuture<Void> f = waiters.remove(jobId);
        if (f != null) {
            f.complete(null);
        }
    }

    /** Forgets a waiter that no longer waits. */
    public void forget(String jobId) {
        CompletableFuture<Void> f = waiters.get(jobId);
        if (f != null && f.isDone()) {
            waiters.remove(jobId, f);
        }
    }
}
