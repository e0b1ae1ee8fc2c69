package io.braid.stage;

import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.braid.common.wire.OutcomeStatus;
import io.braid.common.wire.TaskError;
import io.braid.common.wire.TaskException;
import io.braid.common.wire.TaskHeaders;
import io.braid.common.wire.Topics;
import io.braid.common.wire.WireFormatException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The life of one task record at a stage: decode headers (a poison record goes to the dead-letter
 * topic), drop it as {@code timeout} if its deadline passed, skip it if its job ended or its item
 * was decided (counted as {@code skipped}), otherwise run the stage's work and
 * send what it produced; a typed error becomes the outcome of every branch the task covers. The
 * input is acked only after all its outputs are acknowledged by the broker.
 */
@ApplicationScoped
public class TaskStage {
    private static final Logger LOG = Logger.getLogger(TaskStage.class);

    /** The stage-specific work: turn a task into the records that continue it. */
    @FunctionalInterface
    public interface Work {
        CompletionStage<List<Hop>> run(TaskHeaders task, byte[] value);
    }

    private final HopSender sender;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final SkipList skips;

    @Inject
    public TaskStage(HopSender sender, Clock clock, MeterRegistry metrics, SkipList skips) {
        this.sender = sender;
        this.skips = skips;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Handles one record. The returned stage completes as soon as the task holds a permit, so the
     * consumer moves on while the work runs; the record itself is acked when its outputs are sent.
     */
    public CompletionStage<Void> handle(Message<byte[]> msg, String stage, AsyncPermits permits, Work work) {
        Map<String, String> headers = KafkaHeaders.of(msg);
        TaskHeaders task;
        try {
            task = TaskHeaders.parse(headers);
        } catch (WireFormatException e) {
            LOG.warnf("poison record at %s (%s): %s", stage, KafkaHeaders.origin(msg), e.getMessage());
            count(stage, "poison");
            Map<String, String> h = new HashMap<>(headers);
            h.putIfAbsent(Headers.ATTEMPT, "1");
            Hop dead = deadLetter(msg, h, stage, ErrorCode.POISON_RECORD, e.getMessage());
            return finish(msg, sender.send(List.of(dead)));
        }
        if (task.expired(clock.millis())) {
            count(stage, "expired");
            return finish(msg, sender.send(outcomes(task, stage, OutcomeStatus.TIMEOUT,
                    TaskError.of(ErrorCode.DEADLINE_EXCEEDED, stage, "deadline passed before " + stage), 0)));
        }
        SkipList.Reason skip = skips.reason(task.jobId(), task.item());
        if (skip == SkipList.Reason.JOB_ENDED) {
            count(stage, "skipped");
            return finish(msg, CompletableFuture.completedFuture(null));
        }
        if (skip == SkipList.Reason.ITEM_DECIDED) {
            count(stage, "skipped");
            return finish(msg, sender.send(outcomes(task, stage, OutcomeStatus.CANCELLED,
                    TaskError.of(ErrorCode.CANCELLED, stage, "item was decided before this branch ran"), 0)));
        }
        return permits.acquire().thenAccept(held -> {
            long start = System.nanoTime();
            AtomicReference<TaskHeaders> last = new AtomicReference<>(task);
            CompletionStage<Void> sent = withRetries(task, msg.getPayload(), work, stage, last).handle((hops, failure) -> {
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                metrics.timer("braid_stage_work", "stage", stage).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                if (failure == null) {
                    count(stage, "ok");
                    return sender.send(hops);
                }
                return sender.send(failed(msg, headers, last.get(), stage, unwrap(failure), millis));
            }).thenCompose(s -> s);
            finish(msg, sent).whenComplete((v, t) -> permits.release());
        });
    }

    /**
     * Runs the work; a retryable failure is retried after an exponential backoff with jitter while
     * attempts remain and the retry can still finish before the deadline.
     */
    private CompletionStage<List<Hop>> withRetries(TaskHeaders task, byte[] value, Work work, String stage,
                                                   AtomicReference<TaskHeaders> last) {
        last.set(task);
        CompletionStage<List<Hop>> produced;
        try {
            produced = work.run(task, value);
        } catch (RuntimeException e) {
            produced = CompletableFuture.failedFuture(e);
        }
        return produced.handle((hops, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(hops);
            }
            Throwable cause = unwrap(failure);
            boolean retryable = !(cause instanceof TaskException te) || te.code().retryable();
            long delay = backoff(task);
            if (retryable && task.attempt() < task.maxAttempts() && clock.millis() + delay < task.deadline()) {
                count(stage, "retried");
                Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
                return CompletableFuture.runAsync(() -> { }, later)
                        .thenCompose(v -> withRetries(task.nextAttempt(), value, work, stage, last));
            }
            return CompletableFuture.<List<Hop>>failedFuture(cause);
        }).thenCompose(s -> s);
    }

    /** {@code backoff × 2^(attempt-1)}, ±50 % jitter, at most 5 s. */
    static long backoff(TaskHeaders task) {
        double base = task.backoffMs() * Math.pow(2, Math.max(0, task.attempt() - 1));
        double jittered = base * (0.5 + ThreadLocalRandom.current().nextDouble());
        return Math.min(5_000, Math.round(jittered));
    }

    private List<Hop> failed(Message<byte[]> msg, Map<String, String> headers, TaskHeaders task, String stage,
                             Throwable failure, long millis) {
        TaskError error;
        if (failure instanceof TaskException te) {
            error = te.toError(stage);
        } else {
            LOG.errorf(failure, "unexpected failure at %s for %s", stage, task.taskId());
            error = TaskError.of(ErrorCode.INTERNAL, stage, failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
        count(stage, error.code() == ErrorCode.DEADLINE_EXCEEDED ? "expired" : "error");
        OutcomeStatus status = error.code() == ErrorCode.DEADLINE_EXCEEDED ? OutcomeStatus.TIMEOUT
                : error.code() == ErrorCode.CANCELLED ? OutcomeStatus.CANCELLED : OutcomeStatus.ERROR;
        List<Hop> hops = new ArrayList<>(outcomes(task, stage, status, error, millis));
        if (status == OutcomeStatus.ERROR) {
            Map<String, String> h = new HashMap<>(headers);
            h.put(Headers.ATTEMPT, Integer.toString(task.attempt()));
            hops.add(deadLetter(msg, h, stage, error.code(), error.message()));
        }
        return hops;
    }

    private List<Hop> outcomes(TaskHeaders task, String stage, OutcomeStatus status, TaskError error, long millis) {
        long now = clock.millis();
        return task.coveredBranches().stream()
                .map(b -> Hop.outcome(task.outcome(b, status, null, error, stage, millis, now)))
                .toList();
    }

    private static Hop deadLetter(Message<byte[]> msg, Map<String, String> headers, String stage, ErrorCode code,
                                  String message) {
        Map<String, String> h = new HashMap<>(headers);
        h.put(Headers.DLQ_STAGE, stage);
        h.put(Headers.DLQ_ERROR, code.name());
        h.put(Headers.DLQ_MESSAGE, message == null ? "" : message);
        h.put(Headers.DLQ_TOPIC, KafkaHeaders.topic(msg));
        byte[] value = msg.getPayload() == null ? new byte[0] : msg.getPayload();
        return new Hop(Topics.DEAD_LETTER, headers.get(Headers.JOB_ID), h, value);
    }

    private static CompletionStage<Void> finish(Message<byte[]> msg, CompletionStage<Void> sent) {
        return sent.handle((v, t) -> t == null ? msg.ack() : msg.nack(unwrap(t))).thenCompose(s -> s);
    }

    private void count(String stage, String result) {
        metrics.counter("braid_stage_tasks", "stage", stage, "result", result).increment();
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
