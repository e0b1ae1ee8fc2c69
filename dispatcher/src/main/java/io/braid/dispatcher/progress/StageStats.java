package io.braid.dispatcher.progress;

import io.braid.common.job.JobFields;
import io.braid.common.progress.CellMarks;
import io.braid.common.progress.StageDurations;
import io.braid.dispatcher.store.ProgressStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this dispatcher observes of each pipeline, for the gateway's ETAs and admission control: how long
 * cells stay in each stage (from the progress trees of the jobs it joins) and how many items per second it
 * finishes. Every {@link #PUBLISH_SECONDS} s it writes them to {@code braid:stats:<pipeline>} under its own
 * instance name ({@code <instance>|<branch>|<stage>}, {@code <instance>|rate}, {@code <instance>|at}); the rate
 * is learned only from saturated intervals (the pipeline's items in flight at least what it finished); the
 * gateway sums the rates and averages the durations of the instances that wrote recently.
 */
@ApplicationScoped
public class StageStats {
    static final int PUBLISH_SECONDS = 2;
    private static final Logger LOG = Logger.getLogger(StageStats.class);
    /** Weight of the newest observation in the averages. */
    private static final double ALPHA = 0.2;

    private final ProgressStore store;
    private final Clock clock;
    private final String instance;
    private final Map<String, StageDurations> durations = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> finished = new ConcurrentHashMap<>();
    private final Map<String, Double> rates = new ConcurrentHashMap<>();
    private volatile long lastPublish;

    @Inject
    public StageStats(ProgressStore store, Clock clock,
                      @ConfigProperty(name = "braid.instance") String instance) {
        this.store = store;
        this.clock = clock;
        this.instance = instance;
        this.lastPublish = clock.millis();
    }

    /** Learns the stage durations of a job about to be written finished, from its progress tree. */
    public void joined(String pipeline, Map<String, String> job, Map<String, String> tree) {
        String started = job.get(JobFields.STARTED_AT);
        if (started == null || tree.isEmpty()) {
            return;
        }
        StageDurations d = durations.computeIfAbsent(pipeline, p -> new StageDurations(ALPHA));
        long startedAt = Long.parseLong(started);
        tree.forEach((cell, marks) -> {
            int colon = cell.indexOf(':');
            if (colon < 0) {
                return;
            }
            String branch = cell.substring(colon + 1);
            CellMarks.parse(marks, startedAt).durations().forEach((stage, ms) -> d.observe(branch, stage, ms));
        });
    }

    /** Counts the items of a job written finished. */
    public void finished(String pipeline, long items) {
        finished.computeIfAbsent(pipeline, p -> new AtomicLong()).addAndGet(items);
    }

    private final java.util.concurrent.ScheduledExecutorService publisher =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "braid-stage-stats");
                t.setDaemon(true);
                return t;
            });

    void start(@Observes StartupEvent ev) {
        publisher.scheduleWithFixedDelay(this::publish, PUBLISH_SECONDS, PUBLISH_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        publisher.shutdownNow();
    }

    private boolean saturated(String pipeline, long finishedInInterval) {
        try {
            return store.inFlightItems(pipeline) >= finishedInInterval;
        } catch (RuntimeException e) {
            return false;
        }
    }

    void publish() {
        long now = clock.millis();
        double seconds = Math.max(0.001, (now - lastPublish) / 1000.0);
        lastPublish = now;
        Map<String, Map<String, String>> byPipeline = new HashMap<>();
        finished.forEach((pipeline, count) -> {
            long n = count.getAndSet(0);
            // the service rate is what the pipeline does at capacity: only an interval after which at least as
            // many items were still in flight as it finished was saturated (below that, the items finished show
            // the demand, not what the pipeline can do, and would make the gateway refuse work it could serve)
            double smoothed = n == 0 || !saturated(pipeline, n) ? rates.getOrDefault(pipeline, 0.0)
                    : rates.merge(pipeline, n / seconds, (old, fresh) -> old + 0.3 * (fresh - old));
            // written even when unknown (0): a rate this instance name wrote before (an earlier process) must not
            // come back to life with this process's fresh 'at'
            byPipeline.computeIfAbsent(pipeline, p -> new HashMap<>())
                    .put(instance + "|rate", String.format(java.util.Locale.ROOT, "%.3f", smoothed));
        });
        durations.forEach((pipeline, d) -> d.snapshot().forEach((key, ms) ->
                byPipeline.computeIfAbsent(pipeline, p -> new HashMap<>()).put(instance + "|" + key, Long.toString(ms))));
        byPipeline.forEach((pipeline, fields) -> {
            fields.put(instance + "|at", Long.toString(now));
            try {
                store.writeStats(pipeline, fields);
            } catch (RuntimeException e) {
                LOG.debugf("statistics of %s not written (next try in %d s): %s", pipeline, PUBLISH_SECONDS, e);
            }
        });
    }

}
