package io.braid.dispatcher.timer;

import io.braid.common.job.JobFields;
import io.braid.common.job.RedisKeys;
import io.braid.dispatcher.config.DispatcherConfig;
import io.braid.dispatcher.join.Joiner;
import io.braid.dispatcher.messaging.SkipNotices;
import io.braid.dispatcher.store.FanInStore;
import io.braid.stage.HopSender;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Joins jobs on wall-clock time: every interval it claims the jobs whose deadline passed and joins
 * them with what arrived, even if no further record ever comes. Deadlines are indexed per shard
 * ({@link RedisKeys#deadlines}, one sorted set per hash tag, so each index lives in its jobs' slot):
 * a pass reads the due head of every shard, one {@code ZRANGEBYSCORE} each, starting at a shard that
 * rotates from pass to pass so that no shard is always served last. With several dispatcher replicas
 * each runs a timer over every shard; the claim script lets exactly one of them join a job, and a job
 * stays indexed until it is finished, so a claim whose joiner died is retaken after the lease.
 * A pass that fails (Redis away) is logged and the next one retries: the timer never stops.
 */
@ApplicationScoped
public class DeadlineTimer {
    private static final Logger LOG = Logger.getLogger(DeadlineTimer.class);
    private static final int BATCH = 200;

    private final FanInStore store;
    private final HopSender sender;
    private final Joiner joiner;
    private final SkipNotices notices;
    private final Clock clock;
    private final DispatcherConfig config;
    private ScheduledExecutorService executor;
    private int passes;
    private int failedPasses;

    @Inject
    public DeadlineTimer(FanInStore store, Joiner joiner, HopSender sender, Clock clock, DispatcherConfig config,
            SkipNotices notices) {
        this.notices = notices;
        this.store = store;
        this.sender = sender;
        this.joiner = joiner;
        this.clock = clock;
        this.config = config;
    }

    void start(@Observes StartupEvent ev) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "braid-deadline-timer");
            t.setDaemon(true);
            return t;
        });
        long every = config.dispatcher().timerInterval().toMillis();
        executor.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** One pass over the due jobs of every shard; returns how many this replica joined. */
    public int tick() {
        int joined = 0;
        try {
            long now = clock.millis();
            int first = Math.floorMod(passes++, RedisKeys.SHARDS);
            for (int i = 0; i < RedisKeys.SHARDS; i++) {
                joined += tick(Math.floorMod(first + i, RedisKeys.SHARDS), now);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            failedPasses++;
            if (failedPasses == 1 || failedPasses % 100 == 0) {
                LOG.warnf("deadline timer pass failed (%d in a row), retrying next tick: %s", failedPasses, e);
            }
            return joined;
        }
        if (failedPasses > 0) {
            LOG.infof("deadline timer passes succeed again after %d failed", failedPasses);
            failedPasses = 0;
        }
        return joined;
    }

    /** Claims and joins the due jobs of one shard; a job whose state is gone or terminal leaves the index. */
    private int tick(int shard, long now) throws InterruptedException, java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException {
        int joined = 0;
        for (String jobId : store.due(shard, now, BATCH)) {
            if (store.claim(jobId, "deadline", now, config.dispatcher().joinLease().toMillis())) {
                if (joiner.join(jobId) != null) {
                    joined++;
                    sender.send(notices.jobEnded(jobId)).toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
            } else {
                String state = store.state(jobId);
                if (state == null || !JobFields.JOINING.equals(state)) {
                    store.forgetDeadline(jobId);
                }
            }
        }
        return joined;
    }
}
