package io.braid.dispatcher.join;

import io.braid.common.job.JobFields;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.JobStatus;
import io.braid.common.wire.Json;
import io.braid.dispatcher.config.DispatcherConfig;
import io.braid.dispatcher.plan.Catalog;
import io.braid.dispatcher.store.FanInStore;
import io.braid.dispatcher.store.ProgressStore;
import io.braid.dispatcher.progress.StageStats;
import io.braid.dispatcher.trace.JobSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds and writes the result of a job whose join this caller claimed. Idempotent: if the job
 * already finished, nothing changes.
 */
@ApplicationScoped
public class Joiner {
    private static final Logger LOG = Logger.getLogger(Joiner.class);

    private final FanInStore store;
    private final Catalog catalog;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final long retentionSeconds;
    private final JobSpans spans;
    private final StageStats stats;
    private final ProgressStore progress;

    @Inject
    public Joiner(FanInStore store, Catalog catalog, Clock clock, MeterRegistry metrics, DispatcherConfig config,
                  JobSpans spans, StageStats stats, ProgressStore progress) {
        this.stats = stats;
        this.progress = progress;
        this.spans = spans;
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.metrics = metrics;
        this.retentionSeconds = config.dispatcher().retention().toSeconds();
    }

    /** Joins a job in state JOINING; returns the terminal status written, or null if another caller finished it. */
    public JobStatus join(String jobId) {
        Map<String, String> job = store.job(jobId);
        if (!JobFields.JOINING.equals(job.get(JobFields.STATE))) {
            return null;
        }
        Span span = spans.join(jobId, job.get(JobFields.TRACEPARENT));
        try (Scope ignored = span.makeCurrent()) {
            JobStatus status = join(jobId, job);
            span.setAttribute(io.braid.common.wire.SpanAttributes.STATUS, String.valueOf(status));
            return status;
        } finally {
            span.end();
        }
    }

    private JobStatus join(String jobId, Map<String, String> job) {
        // every call follows a claim the store granted to this caller alone; the count makes that observable
        metrics.counter("braid_join_claims").increment();
        JoinReason reason = JoinReason.parse(job.getOrDefault(JobFields.JOIN_REASON, "complete"));
        PipelineDefinition pipeline = catalog.pipeline(job.getOrDefault(JobFields.PIPELINE, "")).orElse(null);
        if (pipeline == null || job.get(JobFields.NEED) == null) {
            // never planned: unknown pipeline here, or the deadline passed while it was still queued
            JobStatus status = reason == JoinReason.CANCELLED ? JobStatus.CANCELLED
                    : pipeline == null ? JobStatus.FAILED : JobStatus.EXPIRED;
            String error = pipeline == null ? "pipeline '" + job.get(JobFields.PIPELINE) + "' is not deployed on the dispatcher"
                    : "the job was not started before its deadline";
            return finish(jobId, job, reason, status, null, error);
        }
        String admitted = job.get(JobFields.ADMITTED);
        if (pipeline.plan() != null && admitted != null && !"1".equals(admitted)) {
            return finish(jobId, job, reason, reason == JoinReason.CANCELLED ? JobStatus.CANCELLED : JobStatus.FAILED, null,
                    "pipeline " + pipeline.name() + " plans one input into subtasks; the job has " + admitted + " inputs");
        }
        JoinRule rule = new JoinRule(Integer.parseInt(job.get(JobFields.BRANCHES)), Integer.parseInt(job.get(JobFields.NEED)),
                Integer.parseInt(job.get(JobFields.TOLERATE)));
        List<String> ids = Arrays.asList(Json.read(job.get(JobFields.ITEM_IDS), String[].class));
        PipelineDefinition.OnTimeout onTimeout = job.containsKey(JobFields.ON_TIMEOUT)
                ? PipelineDefinition.OnTimeout.valueOf(job.get(JobFields.ON_TIMEOUT)) : pipeline.join().onTimeout();
        String deadline = job.get(JobFields.DEADLINE);
        boolean deadlinePassed = deadline != null && clock.millis() >= Long.parseLong(deadline);
        learnStageTimes(jobId, pipeline.name(), job);
        ResultAssembler.Assembled a = ResultAssembler.assemble(pipeline, rule, onTimeout, ids, store.outcomes(jobId),
                reason, deadlinePassed, catalog.labels(pipeline), catalog.topK(pipeline));
        return finish(jobId, job, reason, a.status(), Json.writeString(a.result()), a.error());
    }

    private JobStatus finish(String jobId, Map<String, String> job, JoinReason reason, JobStatus status, String result,
                             String error) {
        if (!store.finish(jobId, status.name(), result, error, clock.millis(), retentionSeconds)) {
            return null;
        }
        // by pipeline and join reason: reason="deadline" over all is the deadline-miss ratio (BraidDeadlineMisses)
        metrics.counter("braid_jobs_finished", "pipeline", job.getOrDefault(JobFields.PIPELINE, ""), "status", status.name(),
                "reason", reason.name().toLowerCase(java.util.Locale.ROOT)).increment();
        LOG.debugf("job %s finished %s", jobId, status);
        String items = job.get(JobFields.ITEMS);
        long count = items == null ? 0 : Long.parseLong(items);
        stats.finished(job.getOrDefault(JobFields.PIPELINE, ""), count);
        // a plan changed the job's items: the in-flight scopes hold what the gateway admitted
        long admitted = job.containsKey(JobFields.ADMITTED) ? Long.parseLong(job.get(JobFields.ADMITTED)) : count;
        try {
            progress.releaseInFlight(jobId, job.getOrDefault(JobFields.TENANT, ""), job.getOrDefault(JobFields.PIPELINE, ""),
                    admitted);
        } catch (RuntimeException e) {
            // its admission entries leave by themselves at the job's deadline plus the gateway's grace
            LOG.warnf("job %s finished but its in-flight items were not released: %s", jobId, e.getMessage());
        }
        return status;
    }

    /** Feeds the job's stage times (its progress tree, deleted when it finishes) to the ETA statistics. */
    private void learnStageTimes(String jobId, String pipeline, Map<String, String> job) {
        try {
            stats.joined(pipeline, job, progress.tree(jobId));
        } catch (RuntimeException e) {
            LOG.debugf("stage times of job %s not learned: %s", jobId, e);
        }
    }
}
