package io.braid.dispatcher.messaging;

import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.Hop;
import io.braid.common.wire.JobCodec;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.common.wire.Json;
import io.braid.common.wire.WireFormatException;
import io.braid.dispatcher.config.DispatcherConfig;
import io.braid.dispatcher.convoy.Convoy;
import io.braid.dispatcher.convoy.ConvoyPacker;
import io.braid.dispatcher.convoy.ConvoyStore;
import io.braid.dispatcher.join.JoinDecision;
import io.braid.dispatcher.join.JoinRule;
import io.braid.dispatcher.join.Joiner;
import io.braid.dispatcher.plan.Catalog;
import io.braid.dispatcher.plan.JobPlanner;
import io.braid.dispatcher.store.FanInStore;
import io.braid.dispatcher.trace.JobSpans;
import io.opentelemetry.api.trace.Span;
import io.braid.stage.HopSender;
import io.braid.stage.StageConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code braid.jobs} a poll at a time: starts each job's fan-in state and sends its
 * preprocess tasks; small jobs that arrived together travel as convoys. The records are acked only
 * after every task is acknowledged by the broker; a redelivered job re-sends its tasks (the fan-in
 * ignores duplicate outcomes).
 */
@ApplicationScoped
public class JobConsumer {
    private static final Logger LOG = Logger.getLogger(JobConsumer.class);

    private final FanInStore store;
    private final Catalog catalog;
    private final Joiner joiner;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Inbox inbox;
    private final long leaseMs;
    private final long maxRecordBytes;
    private final ConvoyStore convoys;
    private final DispatcherConfig.Convoys convoyConfig;
    private final JobSpans spans;
    private final SystemCalls calls;

    @Inject
    public JobConsumer(FanInStore store, Catalog catalog, Joiner joiner, HopSender sender, DeadLetters deadLetters,
                       Clock clock, MeterRegistry metrics, DispatcherConfig config, StageConfig stageConfig,
                       ConvoyStore convoys, JobSpans spans, SystemCalls calls) {
        this.calls = calls;
        this.convoys = convoys;
        this.spans = spans;
        this.convoyConfig = config.dispatcher().convoy();
        this.store = store;
        this.catalog = catalog;
        this.joiner = joiner;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.metrics = metrics;
        // one poll's batch at a time: while a batch is started and sent, the next jobs gather (group commit),
        // so the busier the dispatcher, the larger its convoys; an idle one takes each job as it comes
        this.inbox = new Inbox(1, sender);
        this.leaseMs = config.dispatcher().joinLease().toMillis();
        // a task's value stays within braid.max-record-bytes less the header reserve
        this.maxRecordBytes = io.braid.common.wire.RecordLimits.maxValueBytes(stageConfig.maxRecordBytes());
    }

    /**
     * One poll's job records together: each job is started in the fan-in, then the small jobs of one
     * pipeline and priority are packed into convoys (see {@link Convoy}) and every job or convoy is
     * planned; the batch is acked when every task is acknowledged by the broker.
     */
    @Incoming("jobs")
    public CompletionStage<Void> onJobs(KafkaRecordBatch<String, byte[]> batch) {
        return inbox.process(batch, this::plan);
    }

    private List<Hop> plan(KafkaRecordBatch<String, byte[]> batch) {
        List<Hop> hops = new ArrayList<>();
        List<JobRequest> started = new ArrayList<>();
        Map<String, Span> planned = new HashMap<>();
        try {
            for (KafkaRecord<String, byte[]> msg : batch.getRecords()) {
                start(msg, started, hops, planned);
            }
            plan(started, planned, hops);
        } finally {
            planned.values().forEach(Span::end);
        }
        return hops;
    }

    /** Plans the started jobs alone or in convoys; the tasks' trace parent is their {@code plan} span. */
    private void plan(List<JobRequest> started, Map<String, Span> planned, List<Hop> hops) {
        long now = clock.millis();
        // a plan job starts with its one plan call, never in a convoy: its items are the plan's subtasks
        List<JobRequest> planJobs = started.stream().filter(j -> isPlanned(j.pipeline())).toList();
        for (JobRequest job : planJobs) {
            PipelineDefinition p = catalog.pipeline(job.pipeline()).orElseThrow();
            Span plan = planned.get(job.jobId());
            plan.setAttribute(io.braid.common.wire.SpanAttributes.RECORDS, 1);
            hops.addAll(JobSpans.stamp(List.of(calls.planTask(job, p)), plan));
        }
        started = started.stream().filter(j -> !isPlanned(j.pipeline())).toList();
        List<List<JobRequest>> groups = convoyConfig.enabled()
                ? ConvoyPacker.pack(started, this::itemsPerTask, convoyConfig.maxDeadlineSpread().toMillis())
                : started.stream().map(List::of).toList();
        for (List<JobRequest> group : groups) {
            PipelineDefinition p = catalog.pipeline(group.get(0).pipeline()).orElseThrow();
            if (group.size() == 1) {
                List<Hop> tasks = JobPlanner.plan(group.get(0), p, catalog.models(), now, maxRecordBytes);
                Span plan = planned.get(group.get(0).jobId());
                plan.setAttribute(io.braid.common.wire.SpanAttributes.RECORDS, tasks.size());
                hops.addAll(JobSpans.stamp(tasks, plan));
                continue;
            }
            Convoy convoy = Convoy.of(group);
            convoys.register(convoy, now);
            metrics.summary("braid_convoy_jobs", "pipeline", p.name()).record(group.size());
            Span span = spans.convoy(convoy.asJob().jobId(), group.stream().map(j -> planned.get(j.jobId())).toList());
            try {
                hops.addAll(JobSpans.stamp(JobPlanner.plan(convoy.asJob(), p, catalog.models(), now, maxRecordBytes), span));
            } finally {
                span.end();
            }
        }
    }

    private boolean isPlanned(String pipeline) {
        return catalog.pipeline(pipeline).map(p -> p.plan() != null).orElse(false);
    }

    private int itemsPerTask(String pipeline) {
        return catalog.pipeline(pipeline).map(p -> JobPlanner.itemsPerTask(p, catalog.models())).orElse(1);
    }

    /** Decodes and starts one job; a job to plan joins {@code started}, a poison record becomes a dead letter. */
    private void start(Message<byte[]> msg, List<JobRequest> started, List<Hop> hops, Map<String, Span> planned) {
        JobRequest job;
        try {
            job = JobCodec.decode(msg.getPayload());
        } catch (WireFormatException e) {
            LOG.warnf("poison job record: %s", e.getMessage());
            hops.add(deadLetters.poison(msg, "dispatcher", e.getMessage()));
            return;
        }
        Span plan = spans.plan(msg, job.jobId(), job.pipeline());
        Span previous = planned.put(job.jobId(), plan);
        if (previous != null) {
            previous.end();
        }
        Optional<PipelineDefinition> pipeline = catalog.pipeline(job.pipeline());
        if (pipeline.isEmpty()) {
            if (store.claim(job.jobId(), "complete", clock.millis(), leaseMs)) {
                joiner.join(job.jobId());
            }
            return;
        }
        PipelineDefinition p = pipeline.get();
        PipelineDefinition.JoinSpec spec;
        try {
            spec = job.join() == null ? p.join() : job.join().applyTo(p.join(), p.branches().size());
        } catch (IllegalArgumentException e) {
            LOG.warnf("job %s has an invalid join override (%s); the pipeline's policy applies", job.jobId(), e.getMessage());
            spec = p.join();
        }
        JoinRule rule = JoinRule.of(spec, p.branches().size());
        boolean planJob = p.plan() != null;
        List<String> ids = planJob ? List.of() : job.items().stream().map(JobItem::id).toList();
        String state = store.start(job.jobId(), rule, ids.size(), Json.writeString(ids), spec.onTimeout().name(),
                clock.millis(), JoinDecision.Synthesis.of(p), planJob, SystemCalls.inputs(job, p));
        if (!"started".equals(state) && !"RUNNING".equals(state)) {
            LOG.debugf("job %s is %s; no tasks sent", job.jobId(), state);
            return;
        }
        if (planJob && job.items().size() != 1) {
            // the joiner fails it: a plan splits one input
            if (store.claim(job.jobId(), "complete", clock.millis(), leaseMs)) {
                joiner.join(job.jobId());
            }
            return;
        }
        metrics.counter("braid_jobs_started", "pipeline", p.name(), "redelivered", Boolean.toString(!"started".equals(state)))
                .increment();
        started.add(job);
    }
}
