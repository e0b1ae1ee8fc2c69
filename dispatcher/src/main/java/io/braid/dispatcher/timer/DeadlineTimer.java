package io.braid.dispatcher.timer;

import io.braid.common.job.JobFields;
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
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Joins jobs on wall-clock time: every interval it claims the jobs whose deadline passed and joins
 * them with what arrived, even if no further record ever comes. With several dispatcher replicas
 * each runs a timer; the claim script lets exactly one of them join a job.
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

    /** One pass over the due jobs; returns how many this replica joined. */
    public int tick() {
        int joined = 0;
        try {
            long now = clock.millis();
            for (String jobId : store.due(now, BATCH)) {
                if (store.claim(jobId, "deadline", now, config.dispatcher().joinLease().toMillis())) {
                    if (joiner.join(jobId) != null) {
                        joined++;
                        sender.send(notices.jobEnded(jobId))
                                .toCompletableFuture().get(10, TimeUnit.SECONDS);
                    }
                } else {
                    String state = store.state(jobId);
                    if (state == null || !JobFields.JOINING.equals(state)) {
                        store.forgetDeadline(jobId);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warnf(e, "deadline timer pass failed; retrying next tick");
        }
        return joined;
    }
}
