package io.braid.gateway.service;

import io.braid.common.job.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes waiting requests when their job finishes: one subscription per gateway to the channel on
 * which the dispatcher announces every finished job. Pub/sub may miss a message, so a waiter also
 * wakes after at most {@link #RECHECK} and re-reads the job.
 *
 * <p>The subscription survives Redis restarts: every {@link #PROBE} the gateway publishes a probe
 * of its own on the channel; when the previous probe did not come back (the subscription's
 * connection died with Redis, whether or not the client noticed) it drops the subscription and
 * subscribes again, until a probe comes back. {@code braid_gateway_finished_subscriptions_total}
 * counts the subscriptions made.
 */
@ApplicationScoped
public class FinishedJobs {
    /** Longest sleep of a waiting request between reads, in case an announcement was missed. */
    static final Duration RECHECK = Duration.ofSeconds(1);
    /** How often the subscription is probed (and, when the last probe did not come back, renewed). */
    static final Duration PROBE = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(FinishedJobs.class);

    private final ReactiveRedisDataSource redis;
    private final Map<String, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();
    private final String probe = "~probe-" + UUID.randomUUID();
    private final Counter subscriptions;
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "braid-finished-probe");
        t.setDaemon(true);
        return t;
    });
    private volatile Cancellable subscription;
    /** Whether the probe published last came back on the subscription (true until the first is sent). */
    private volatile boolean probeReturned = true;

    @Inject
    public FinishedJobs(ReactiveRedisDataSource redis, MeterRegistry metrics) {
        this.redis = redis;
        this.subscriptions = metrics.counter("braid_gateway_finished_subscriptions");
    }

    void subscribe(@Observes StartupEvent ev) {
        resubscribe();
        prober.scheduleWithFixedDelay(this::probe, PROBE.toMillis(), PROBE.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        prober.shutdownNow();
        Cancellable s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private synchronized void resubscribe() {
        Cancellable old = subscription;
        if (old != null) {
            old.cancel();
        }
        subscriptions.increment();
        subscription = redis.pubsub(String.class).subscribe(RedisKeys.FINISHED_CHANNEL).subscribe().with(
                this::finished, e -> LOG.warnf("finished-job subscription failed (renewed by the next probe): %s", e));
    }

    /** Renews the subscription when the previous probe did not come back, then sends the next probe. */
    private void probe() {
        try {
            if (!probeReturned) {
                LOG.warnf("finished-job subscription lost (a probe did not come back); subscribing again");
                resubscribe();
                probeReturned = true; // the next probe tests the new subscription, once it had time to form
                return;
            }
            probeReturned = false;
            redis.pubsub(String.class).publish(RedisKeys.FINISHED_CHANNEL, probe).subscribe().with(
                    ok -> { }, e -> LOG.debugf("finished-job probe not published: %s", e));
        } catch (RuntimeException e) {
            LOG.warnf("finished-job probe failed: %s", e);
        }
    }

    private void finished(String jobId) {
        if (probe.equals(jobId)) {
            probeReturned = true;
            return;
        }
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
