package io.braid.gateway.service;

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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
    private final String create = script("create.lua");
    private final String failEnqueue = script("fail-enqueue.lua");
    private final String idempotency = script("idempotency.lua");

    /** What an Idempotency-Key lookup found: a new request, the same request again, or a different one. */
    public record Replay(boolean isNew, boolean sameRequest, String jobId) {
    }

    @Inject
    public JobService(ReactiveRedisDataSource redis, @Channel("jobs") MutinyEmitter<byte[]> jobs,
                      @Channel("control") MutinyEmitter<byte[]> control, GatewayConfig config, Clock clock,
                      FinishedJobs finished, AcceptSpans traces) {
        this.finished = finished;
        this.traces = traces;
        this.redis = redis;
        this.jobs = jobs;
        this.control = control;
        this.config = config;
        this.clock = clock;
    }

    /** Stores a new QUEUED job, hands it to Kafka and returns its id once the broker acknowledged it. */
    public Uni<String> submit(String jobId, PipelineDefinition pipeline, List<JobItem> items, Long deadlineMs,
                              int priority, JoinOverride join) {
        return submitTraced(jobId, pipeline, items, deadlineMs, priority, join).map(Submitted::jobId);
    }

    /** A job the broker acknowledged, and its trace id (null when tracing is off). */
    public record Submitted(String jobId, String traceId) {
    }

    /** As {@link #submit}, answering the job's trace id too. */
    public Uni<Submitted> submitTraced(String jobId, PipelineDefinition pipeline, List<JobItem> items, Long deadlineMs,
                                       int priority, JoinOverride join) {
        long now = clock.millis();
        long relative = Math.min(deadlineMs == null ? pipeline.join().deadlineMs() : deadlineMs,
                config.gateway().maxDeadline().toMillis());
        long deadline = now + relative;
        JobRequest job = new JobRequest(jobId, pipeline.name(), items, deadline, priority, now, join);
        AcceptSpans.Accept accept = traces.start(jobId, pipeline.name(), items.size());
        return redis.execute("EVAL", create, "2", RedisKeys.job(jobId), RedisKeys.DEADLINES, jobId, pipeline.name(),
                        Long.toString(now), Long.toString(deadline), Integer.toString(items.size()),
                        Integer.toString(pipeline.branches().size()), Integer.toString(priority), accept.traceparent())
                .chain(() -> jobs.sendMessage(record(job, accept.traceparent())))
                .onFailure().call(e -> markFailed(jobId, e))
                .onTermination().invoke((v, failure, cancelled) -> accept.end(failure))
                .replaceWith(new Submitted(jobId, AcceptSpans.traceId(accept.traceparent())));
    }

    /**
     * Submits a new job and, with a {@code wait}, waits for it: the finished-job waiter is registered
     * before the job is enqueued (no announcement can be missed) and the job is read only once it is
     * announced, or the wait passes. Without a wait, answers the QUEUED job without reading it back.
     */
    public Uni<JobView> submitAndAwait(String jobId, PipelineDefinition pipeline, List<JobItem> items, Long deadlineMs,
                                       int priority, JoinOverride join, Duration wait) {
        if (wait.isZero()) {
            return submitTraced(jobId, pipeline, items, deadlineMs, priority, join)
                    .map(s -> new JobView(s.jobId(), pipeline.name(), JobStatus.QUEUED.name(), null, null, null, null,
                            s.traceId()));
        }
        long until = System.nanoTime() + wait.toNanos();
        Uni<Void> announced = finished.next(jobId, wait);
        return submit(jobId, pipeline, items, deadlineMs, priority, join)
                .onFailure().invoke(() -> finished.drop(jobId))
                .chain(() -> announced)
                .chain(() -> await(jobId, Duration.ofNanos(Math.max(0, until - System.nanoTime()))));
    }

    /** Asks the dispatcher to cancel a job; completes when the broker acknowledged the request. */
    public Uni<Void> cancel(String jobId) {
        long expires = clock.millis() + config.gateway().maxDeadline().toMillis();
        return control.sendMessage(Message.of(ControlMessage.cancel(jobId, expires).toJson())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(jobId).build()));
    }

    /** A fresh job id. */
    public static String newJobId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Claims an Idempotency-Key for a request fingerprint and job id; a key seen before answers
     * with the job it created and whether the request is the same.
     */
    public Uni<Replay> claimIdempotencyKey(String key, String fingerprint, String jobId) {
        return redis.execute("EVAL", idempotency, "1", RedisKeys.idempotency(key), fingerprint, jobId,
                Long.toString(config.gateway().idempotencyRetention().toSeconds())).map(r -> {
                    String v = r.toString();
                    if ("new".equals(v)) {
                        return new Replay(true, true, jobId);
                    }
                    int space = v.indexOf(' ');
                    return new Replay(false, v.substring(0, space).equals(fingerprint), v.substring(space + 1));
                });
    }

    private Uni<Void> markFailed(String jobId, Throwable e) {
        LOG.errorf(e, "job %s could not be enqueued", jobId);
        return redis.execute("EVAL", failEnqueue, "2", RedisKeys.job(jobId), RedisKeys.DEADLINES, jobId,
                Long.toString(clock.millis()), "could not enqueue: " + e.getMessage(), "86400").replaceWithVoid()
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

    /** The job's current view, or null when the job is unknown (or its retention passed). */
    public Uni<JobView> find(String jobId) {
        return redis.hash(String.class).hgetall(RedisKeys.job(jobId)).map(h -> h.isEmpty() ? null : view(jobId, h));
    }

    /**
     * Reads the job until it is terminal or {@code wait} passes, sleeping in between until the
     * dispatcher announces it finished; emits the last view seen.
     */
    public Uni<JobView> await(String jobId, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        Uni<Void> announced = finished.next(jobId, wait);
        return find(jobId).chain(v -> {
            long left = until - System.nanoTime();
            if (v == null || terminal(v) || left <= 0) {
                finished.forget(jobId);
                return Uni.createFrom().item(v);
            }
            return announced.chain(() -> await(jobId, Duration.ofNanos(Math.max(0, until - System.nanoTime()))));
        });
    }

    public static boolean terminal(JobView v) {
        return JobStatus.valueOf(v.status()).terminal();
    }

    private JobView view(String jobId, Map<String, String> h) {
        String state = h.getOrDefault(JobFields.STATE, "QUEUED");
        String status = JobFields.JOINING.equals(state) ? JobStatus.RUNNING.name() : state;
        long total = number(h.get(JobFields.ITEMS)) * number(h.get(JobFields.BRANCHES));
        long done = Math.min(total, number(h.get(JobFields.DONE)));
        if (JobStatus.valueOf(status).terminal()) {
            done = Math.max(done, 0);
        }
        double percent = total == 0 ? 0 : Math.round(1000.0 * done / total) / 10.0;
        Long submitted = nullable(h.get(JobFields.SUBMITTED_AT));
        Long finished = nullable(h.get(JobFields.FINISHED_AT));
        Long duration = submitted == null ? null : (finished != null ? finished : clock.millis()) - submitted;
        return new JobView(jobId, h.get(JobFields.PIPELINE), status, new JobView.Progress(done, total, percent),
                new JobView.Timings(submitted, nullable(h.get(JobFields.STARTED_AT)), finished,
                        nullable(h.get(JobFields.DEADLINE)), duration),
                h.get(JobFields.ERROR), h.get(JobFields.RESULT), AcceptSpans.traceId(h.get(JobFields.TRACEPARENT)));
    }

    private static long number(String s) {
        return s == null ? 0 : Long.parseLong(s);
    }

    private static Long nullable(String s) {
        return s == null ? null : Long.valueOf(s);
    }

    private static String script(String name) {
        try (InputStream in = JobService.class.getResourceAsStream("/lua/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script /lua/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
