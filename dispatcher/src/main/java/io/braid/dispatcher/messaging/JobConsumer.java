package io.braid.dispatcher.messaging;

import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.Hop;
import io.braid.common.wire.JobCodec;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.common.wire.Json;
import io.braid.common.wire.WireFormatException;
import io.braid.dispatcher.config.DispatcherConfig;
import io.braid.dispatcher.join.JoinRule;
import io.braid.dispatcher.join.Joiner;
import io.braid.dispatcher.plan.Catalog;
import io.braid.dispatcher.plan.JobPlanner;
import io.braid.dispatcher.store.FanInStore;
import io.braid.stage.HopSender;
import io.braid.stage.StageConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code braid.jobs}: starts the job's fan-in state and sends one preprocess task per
 * item. The job record is acked only after every task is acknowledged by the broker; a
 * redelivered job re-sends its tasks (the fan-in ignores duplicate outcomes).
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

    @Inject
    public JobConsumer(FanInStore store, Catalog catalog, Joiner joiner, HopSender sender, DeadLetters deadLetters,
                       Clock clock, MeterRegistry metrics, DispatcherConfig config, StageConfig stageConfig) {
        this.store = store;
        this.catalog = catalog;
        this.joiner = joiner;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.metrics = metrics;
        this.inbox = new Inbox(config.dispatcher().concurrency(), sender);
        this.leaseMs = config.dispatcher().joinLease().toMillis();
        this.maxRecordBytes = stageConfig.maxRecordBytes();
    }

    @Incoming("jobs")
    public CompletionStage<Void> onJob(Message<byte[]> msg) {
        return inbox.process(msg, this::plan);
    }

    private List<Hop> plan(Message<byte[]> msg) {
        JobRequest job;
        try {
            job = JobCodec.decode(msg.getPayload());
        } catch (WireFormatException e) {
            LOG.warnf("poison job record: %s", e.getMessage());
            return List.of(deadLetters.poison(msg, "dispatcher", e.getMessage()));
        }
        Optional<PipelineDefinition> pipeline = catalog.pipeline(job.pipeline());
        if (pipeline.isEmpty()) {
            if (store.claim(job.jobId(), "complete", clock.millis(), leaseMs)) {
                joiner.join(job.jobId());
            }
            return List.of();
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
        List<String> ids = job.items().stream().map(JobItem::id).toList();
        String state = store.start(job.jobId(), rule, job.items().size(), Json.writeString(ids), spec.onTimeout().name(),
                clock.millis());
        if (!"started".equals(state) && !"RUNNING".equals(state)) {
            LOG.debugf("job %s is %s; no tasks sent", job.jobId(), state);
            return List.of();
        }
        metrics.counter("braid_jobs_started", "pipeline", p.name(), "redelivered", Boolean.toString(!"started".equals(state)))
                .increment();
        return JobPlanner.plan(job, p, catalog.models(), clock.millis(), maxRecordBytes);
    }
}
