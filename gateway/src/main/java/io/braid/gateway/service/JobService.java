package io.braid.gateway.service;

import io.braid.common.job.LuaSource;
import io.braid.common.job.JobFields;
import io.braid.common.job.RedisKeys;
import io.braid.common.pipeline.JoinOverride;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.ControlMessage;
import io.braid.common.wire.Headers;
import io.braid.common.wire.JobCodec;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.common.wire.JobStatus;
import io.braid.gateway.config.GatewayConfig;
import io.braid.gateway.mapping.JobView;
import io.braid.gateway.progress.PipelineStats;
import io.braid.gateway.progress.ProgressView;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Accepts jobs (state in Redis first, then the record on {@code braid.jobs}, acknowledged before
 * the client hears 202) and reads their state back.
 */
@ApplicationScoped
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final ReactiveRedisDataSource redis;
    private final MutinyEmitter<byte[]> jobs;
    private final AcceptSpans traces;
    private final MutinyEmitter<byte[]> control;
    private final GatewayConfig config;
    private final Clock clock;
    private final FinishedJobs finished;
    private final PipelineRegistry pipelines;
    private final PipelineStats stats;
    private final RecentJobs recent;
    private final String create = LuaSource.load("create.lua");
    private final String failEnqueue = LuaSource.load("fail-enqueue.lua");

    @Inject
    public JobService(ReactiveRedisDataSource redis, @Channel("jobs") MutinyEmitter<byte[]> jobs,
                      @Channel("control") MutinyEmitter<byte[]> control, GatewayConfig config, Clock clock,
                      FinishedJobs finished, AcceptSpans traces, PipelineRegistry pipelines, PipelineStats stats,
                      RecentJobs recent) {
        this.recent = recent;
        this.pipelines = pipelines;
        this.stats = stats;
        this.finished = finished;
        this.traces = traces;
        this.redis = redis;
        this.jobs = jobs;
        this.control = control;
        this.config = config;
        this.clock = clock;
    }

    /** An {@code Idempotency-Key} and the fingerprint of the request that carries it. */
    public record Idempotency(String key, String fingerprint) {
    }

    /**
     * What a submit did: created the job, or found it created before by an earlier request with the
     * same Idempotency-Key ({@code replayOf} is that request's fingerprint; the job was not enqueued again).
     */
    public record Accepted(String jobId, String replayOf, String traceId) {
        public boolean created() {
            return replayOf == null;
        }
    }

    /** A submit's answer: the job's view, or a conflict (the key was used for a different request). */
    public record Submitted(JobView view, boolean conflict) {
    }

    /**
     * Stores a new QUEUED job (claiming its Idempotency-Key in the same script, when it has one), hands
     * it to Kafka and completes once the broker acknowledged it. A key claimed before answers at once
     * with the fingerprint of the request that claimed it and enqueues nothing.
     */
    public Uni<Accepted> submit(String jobId, String tenant, PipelineDefinition pipeline, List<JobItem> items,
                                Long deadlineMs, int priority, JoinOverride join, Idempotency idempotency) {
        long now = clock.millis();
        long relative = Math.min(deadlineMs == null ? pipeline.join().deadlineMs() : deadlineMs,
                config.gateway().maxDeadline().toMillis());
        long deadline = now + relative;
        JobRequest job = new JobRequest(jobId, pipeline.name(), items, deadline, priority, now, join);
        long ttl = (relative + 999) / 1000 + config.gateway().unfinishedRetention().toSeconds();
        AcceptSpans.Accept accept = traces.start(jobId, pipeline.name(), items.size());
        List<String> cmd = new java.util.ArrayList<>(List.of(create, idempotency == null ? "2" : "3",
                RedisKeys.job(jobId), RedisKeys.deadlinesOf(jobId)));
        if (idempotency != null) {
            if (!RedisKeys.idempotentJobId(idempotency.key()).equals(jobId)) {
                throw new IllegalArgumentException("job " + jobId + " is not the job of its Idempotency-Key");
            }
            cmd.add(RedisKeys.idempotency(idempotency.key()));
        }
        cmd.addAll(List.of(jobId, pipeline.name(), Long.toString(now), Long.toString(deadline),
                Integer.toString(items.size()), Integer.toString(pipeline.branches().size()), Integer.toString(priority),
                Long.toString(ttl), tenant, accept.traceparent() == null ? "" : accept.traceparent()));
        if (idempotency != null) {
            cmd.addAll(List.of(idempotency.fingerprint(), Long.toString(config.gateway().idempotencyRetention().toSeconds())));
        }
        return redis.execute("EVAL", cmd.toArray(String[]::new))
                .onFailure().transform(StoreUnavailableException::new)
                .chain(r -> {
                    String answer = r.toString();
                    if (answer.startsWith("replay ")) {
                        return Uni.createFrom().item(new Accepted(jobId, answer.substring("replay ".length()), null));
                    }
                    if (!"created".equals(answer)) {
                        return Uni.createFrom().failure(new IllegalStateException("job id " + jobId + " exists already"));
                    }
                    return recent.add(tenant, jobId, now)
                            .chain(() -> jobs.sendMessage(record(job, accept.traceparent())))
                            .onFailure().call(e -> markFailed(jobId, e))
                            .replaceWith(new Accepted(jobId, null, AcceptSpans.traceId(accept.traceparent())));
                })
                .onTermination().invoke((v, failure, cancelled) -> accept.end(failure));
    }

    /**
     * Submits a job and, with a {@code wait}, waits for it: the finished-job waiter is registered
     * before the job is enqueued (no announcement can be missed) and the job is read only once it is
     * announced, or the wait passes. Without a wait, answers the QUEUED job without reading it back.
     * A replayed Idempotency-Key answers its job as it is now (waiting as asked), or a conflict when
     * the key was claimed by a different request.
     */
    public Uni<Submitted> submitAndAwait(String jobId, String tenant, PipelineDefinition pipeline, List<JobItem> items,
                                         Long deadlineMs, int priority, JoinOverride join, Idempotency idempotency,
                                         Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        Uni<Void> announced = wait.isZero() ? Uni.createFrom().voidItem() : finished.next(jobId, wait);
        return submit(jobId, tenant, pipeline, items, deadlineMs, priority, join, idempotency)
                .onFailure().invoke(() -> finished.drop(jobId))
                .chain(accepted -> {
                    if (!accepted.created()) {
                        finished.forget(jobId);
                        if (!accepted.replayOf().equals(idempotency.fingerprint())) {
                            return Uni.createFrom().item(new Submitted(null, true));
                        }
                        Uni<JobView> now = wait.isZero() ? find(jobId, tenant)
                                : await(jobId, tenant, Duration.ofNanos(Math.max(0, until - System.nanoTime())));
                        return now.map(v -> new Submitted(v != null ? v
                                : new JobView(jobId, pipeline.name(), JobStatus.QUEUED.name(), null, null, null, null,
                                        null), false));
                    }
                    if (wait.isZero()) {
                        return Uni.createFrom().item(new Submitted(new JobView(jobId, pipeline.name(),
                                JobStatus.QUEUED.name(), null, null, null, null, accepted.traceId()), false));
                    }
                    return announced.chain(() -> await(jobId, tenant, Duration.ofNanos(Math.max(0, until - System.nanoTime()))))
                            .map(v -> new Submitted(v, false));
                });
    }

    /** Asks the dispatcher to cancel a job; completes when the broker acknowledged the request. */
    public Uni<Void> cancel(String jobId) {
        long expires = clock.millis() + config.gateway().maxDeadline().toMillis();
        return control.sendMessage(Message.of(ControlMessage.cancel(jobId, expires).toJson())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(jobId).build()));
    }

    /** A fresh job id; with an Idempotency-Key, the job id derived from it ({@link RedisKeys#idempotentJobId}). */
    public static String newJobId(String idempotencyKey) {
        return idempotencyKey == null ? UUID.randomUUID().toString() : RedisKeys.idempotentJobId(idempotencyKey);
    }

    /** An Idempotency-Key as stored: scoped to its tenant, so two tenants' equal keys are two keys. */
    public static String scopedKey(String tenant, String idempotencyKey) {
        return idempotencyKey == null ? null : tenant + "\u0000" + idempotencyKey;
    }

    private Uni<Void> markFailed(String jobId, Throwable e) {
        LOG.errorf(e, "job %s could not be enqueued", jobId);
        return redis.execute("EVAL", failEnqueue, "2", RedisKeys.job(jobId), RedisKeys.deadlinesOf(jobId), jobId,
                Long.toString(clock.millis()), "could not enqueue: " + e.getMessage(),
                Long.toString(config.gateway().unfinishedRetention().toSeconds())).replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private static Message<byte[]> record(JobRequest job, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (!traceparent.isEmpty()) {
            headers.add(Headers.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        headers.add(Headers.JOB_ID, job.jobId().getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.PIPELINE, job.pipeline().getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.DEADLINE, Long.toString(job.deadlineEpochMs()).getBytes(StandardCharsets.UTF_8));
        return Message.of(JobCodec.encode(job)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(job.jobId()).withHeaders(headers).build());
    }

    /**
     * The job's current view, or null when the job is unknown, its retention passed, or it belongs to another
     * tenant (ids are not confirmed to other tenants: they read 404 like an unknown id).
     */
    public Uni<JobView> find(String jobId, String tenant) {
        return findRaw(jobId, tenant).map(r -> r == null ? null : view(jobId, r.job(), r.tree(), r.stats()));
    }

    /** A job's hash, its progress tree (while it runs) and its pipeline's statistics: what a view is made of. */
    public record Raw(Map<String, String> job, Map<String, String> tree, PipelineStats.Snapshot stats) {
    }

    /** The job's stored state, or null as {@link #find} answers it; the tree is read only while the job runs. */
    public Uni<Raw> findRaw(String jobId, String tenant) {
        return redis.hash(String.class).hgetall(RedisKeys.job(jobId))
                .onFailure().transform(StoreUnavailableException::new)
                .chain(h -> {
                    if (h.isEmpty() || !tenant.equals(h.get(JobFields.TENANT))) {
                        return Uni.createFrom().nullItem();
                    }
                    if (statusOf(h).terminal()) {
                        return Uni.createFrom().item(new Raw(h, Map.of(), PipelineStats.Snapshot.EMPTY));
                    }
                    return redis.hash(String.class).hgetall(RedisKeys.tree(jobId))
                            .onFailure().transform(StoreUnavailableException::new)
                            .chain(tree -> stats.of(h.getOrDefault(JobFields.PIPELINE, ""))
                                    .map(s -> new Raw(h, tree, s)));
                });
    }

    private static JobStatus statusOf(Map<String, String> h) {
        String state = h.getOrDefault(JobFields.STATE, "QUEUED");
        return JobFields.JOINING.equals(state) ? JobStatus.RUNNING : JobStatus.valueOf(state);
    }

    /**
     * Reads the job until it is terminal or {@code wait} passes, sleeping in between until the
     * dispatcher announces it finished; emits the last view seen.
     */
    public Uni<JobView> await(String jobId, String tenant, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        Uni<Void> announced = finished.next(jobId, wait);
        return find(jobId, tenant).chain(v -> {
            long left = until - System.nanoTime();
            if (v == null || terminal(v) || left <= 0) {
                finished.forget(jobId);
                return Uni.createFrom().item(v);
            }
            return announced.chain(() -> await(jobId, tenant, Duration.ofNanos(Math.max(0, until - System.nanoTime()))));
        });
    }

    /**
     * A stored job's progress; {@code withTree}: with the per-cell tree (the events stream's progress
     * events need only the counts and the ETA, which the tree's marks give without building its rows).
     */
    public ProgressView.Progress progress(Map<String, String> h, Map<String, String> tree, PipelineStats.Snapshot stats,
                                          boolean withTree) {
        List<String> branches = pipelines.find(h.getOrDefault(JobFields.PIPELINE, ""))
                .map(PipelineDefinition::branchNames).orElse(List.of());
        return ProgressView.of(h, tree, branches, stats.durations(), stats.rate(), statusOf(h).terminal(), withTree,
                clock.millis());
    }

    /** Whether a stored job (its hash) is finished. */
    public static boolean terminal(Map<String, String> h) {
        return statusOf(h).terminal();
    }

    public static boolean terminal(JobView v) {
        return JobStatus.valueOf(v.status()).terminal();
    }

    /** The API view of a job's stored state. */
    public JobView view(String jobId, Map<String, String> h, Map<String, String> tree, PipelineStats.Snapshot stats) {
        JobStatus status = statusOf(h);
        ProgressView.Progress progress = progress(h, tree, stats, true);
        Long submitted = nullable(h.get(JobFields.SUBMITTED_AT));
        Long finished = nullable(h.get(JobFields.FINISHED_AT));
        Long duration = submitted == null ? null : (finished != null ? finished : clock.millis()) - submitted;
        return new JobView(jobId, h.get(JobFields.PIPELINE), status.name(), progress,
                new JobView.Timings(submitted, nullable(h.get(JobFields.STARTED_AT)), finished,
                        nullable(h.get(JobFields.DEADLINE)), duration),
                h.get(JobFields.ERROR), h.get(JobFields.RESULT), AcceptSpans.traceId(h.get(JobFields.TRACEPARENT)));
    }


    private static Long nullable(String s) {
        return s == null ? null : Long.valueOf(s);
    }

}
