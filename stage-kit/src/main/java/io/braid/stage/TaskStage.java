package io.braid.stage;

import io.braid.common.progress.Stage;
import io.braid.common.wire.DeadLetterPayload;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.OutcomeStatus;
import io.braid.common.wire.Parts;
import io.braid.common.wire.RecordLimits;
import io.braid.common.wire.TaskError;
import io.braid.common.wire.TaskException;
import io.braid.common.wire.TaskHeaders;
import io.braid.common.wire.TaskOutcome;
import io.braid.common.wire.Topics;
import io.braid.common.wire.WireFormatException;
import io.braid.stage.trace.RecordSpan;
import io.braid.stage.trace.StageSpans;
import io.braid.stage.trace.TaskLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
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
 * The life of one task record at a stage: decode headers and value (a poison record goes to the
 * dead-letter topic), end it as {@code timeout} if its deadline passed, skip it if its job ended,
 * drop the items that were decided (counted as {@code skipped}), otherwise run the stage's work on
 * the rest and send what it produced: the items that continue travel together in one record per
 * next topic, the items that ended travel as outcomes in one results record. A typed error of one
 * item ends that item; an error of the whole task becomes the outcome of every item and branch it
 * covers. The input is acked only after all its outputs are acknowledged by the broker.
 */
@ApplicationScoped
public class TaskStage {
    private static final Logger LOG = Logger.getLogger(TaskStage.class);

    /** The stage-specific work on a task's items ({@code parts} in the order of {@code task.items()}). */
    @FunctionalInterface
    public interface Work {
        CompletionStage<ItemResults> run(TaskHeaders task, List<byte[]> parts);
    }

    private final HopSender sender;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final SkipList skips;
    /** The largest value of a record this stage sends ({@code braid.max-record-bytes} less the header reserve). */
    private final int maxValueBytes;
    private final int deadLetterMaxBytes;
    private final StageSpans spans;
    private final ProgressMarks marks;

    @Inject
    public TaskStage(HopSender sender, Clock clock, MeterRegistry metrics, SkipList skips, StageConfig config,
                     StageSpans spans, ProgressMarks marks) {
        this.sender = sender;
        this.marks = marks;
        this.spans = spans;
        this.skips = skips;
        this.clock = clock;
        this.metrics = metrics;
        this.maxValueBytes = RecordLimits.maxValueBytes(config.maxRecordBytes());
        this.deadLetterMaxBytes = config.deadLetterMaxBytes();
    }

    /**
     * Handles one record. The returned stage completes as soon as the task holds a permit, so the
     * consumer moves on while the work runs; the record itself is acked when its outputs are sent.
     */
    public CompletionStage<Void> handle(Message<byte[]> msg, String stage, AsyncPermits permits, Work work) {
        long sentAt = KafkaHeaders.timestamp(msg);
        if (sentAt > 0) {
            // producer send -> broker -> fetch -> this stage: what a hop costs before any work
            metrics.timer("braid_stage_arrival", "stage", stage).record(Math.max(0, clock.millis() - sentAt),
                    TimeUnit.MILLISECONDS);
        }
        Map<String, String> headers = KafkaHeaders.of(msg);
        RecordSpan span = spans.record(stage, headers, sentAt);
        TaskHeaders parsed;
        List<byte[]> allParts;
        try {
            parsed = TaskHeaders.parse(headers);
            allParts = Parts.of(msg.getPayload(), parsed.count());
        } catch (WireFormatException e) {
            try (TaskLog log = span.log()) {
                LOG.warnf("poison record at %s (%s): %s", stage, KafkaHeaders.origin(msg), e.getMessage());
            }
            count(stage, "poison", 1);
            Map<String, String> h = new HashMap<>(headers);
            h.putIfAbsent(Headers.ATTEMPT, "1");
            Hop dead = deadLetter(msg.getPayload(), h, KafkaHeaders.topic(msg), stage, ErrorCode.POISON_RECORD, e.getMessage());
            return finish(msg, sender.send(span.stamp(List.of(dead))), span, "poison");
        }
        span.task(parsed);
        if (parsed.expired(clock.millis())) {
            count(stage, "expired", parsed.count());
            TaskError error = TaskError.of(ErrorCode.DEADLINE_EXCEEDED, stage, "deadline passed before " + stage);
            return finish(msg, sender.send(span.stamp(outcomes(parsed, parsed.items(), stage, OutcomeStatus.TIMEOUT, error, 0))),
                    span, "expired");
        }
        if (skips.ended(parsed.jobId())) {
            count(stage, "skipped", parsed.count());
            return finish(msg, CompletableFuture.completedFuture(null), span, "skipped");
        }
        boolean systemBranch = parsed.branch() != null && parsed.branch().startsWith("_");
        List<Integer> decided = new ArrayList<>();
        List<Integer> keep = new ArrayList<>();
        List<byte[]> keptParts = new ArrayList<>();
        for (int i = 0; i < parsed.count(); i++) {
            int item = parsed.items().get(i);
            // a synthesis or plan task (branch "_...") follows its item's decision: the notice is not about it
            if (!systemBranch && skips.reason(parsed.jobId(), item) == SkipList.Reason.ITEM_DECIDED) {
                decided.add(item);
            } else {
                keep.add(item);
                keptParts.add(allParts.get(i));
            }
        }
        List<Hop> early = new ArrayList<>();
        if (!decided.isEmpty()) {
            count(stage, "skipped", decided.size());
            early.addAll(outcomes(parsed, decided, stage, OutcomeStatus.CANCELLED,
                    TaskError.of(ErrorCode.CANCELLED, stage, "item was decided before this branch ran"), 0));
        }
        if (keep.isEmpty()) {
            return finish(msg, sender.send(span.stamp(early)), span, "skipped");
        }
        TaskHeaders task = decided.isEmpty() ? parsed : parsed.withItems(keep);
        return permits.acquire().thenAccept(held -> {
            span.consumed();
            CompletionStage<Void> marked = marks.entered(task, Stage.enteredAt(stage));
            Span working = span.child("work");
            long start = System.nanoTime();
            AtomicReference<TaskHeaders> last = new AtomicReference<>(task);
            CompletionStage<Void> sent = withRetries(task, keptParts, work, stage, last, span, working).handle((results, failure) -> {
                RecordSpan.end(working, failure);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                metrics.timer("braid_stage_work", "stage", stage).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                List<Hop> hops = new ArrayList<>(early);
                try (TaskLog log = span.log()) {
                    try {
                        hops.addAll(failure == null ? produced(headers, msg, last.get(), keptParts, results, stage, millis)
                                : failed(msg, headers, last.get(), keptParts, stage, unwrap(failure), millis));
                    } catch (RuntimeException e) {
                        hops.addAll(failed(msg, headers, last.get(), keptParts, stage, e, millis));
                    }
                }
                long sendStart = System.nanoTime();
                Span producing = span.child("produce");
                return sender.send(span.stamp(hops)).whenComplete((v, t) -> {
                    RecordSpan.end(producing, t);
                    metrics.timer("braid_stage_send", "stage", stage).record(System.nanoTime() - sendStart, TimeUnit.NANOSECONDS);
                });
            }).thenCompose(s -> s);
            finish(msg, sent.thenCombine(marked, (a, b) -> a), span, "done").whenComplete((v, t) -> permits.release());
        });
    }

    /**
     * Runs the work; a retryable failure is retried after an exponential backoff with jitter while
     * attempts remain and the retry can still finish before the deadline.
     */
    private CompletionStage<ItemResults> withRetries(TaskHeaders task, List<byte[]> parts, Work work, String stage,
                                                     AtomicReference<TaskHeaders> last, RecordSpan span, Span working) {
        last.set(task);
        CompletionStage<ItemResults> produced;
        try {
            produced = span.within(working, () -> work.run(task, parts));
        } catch (RuntimeException | Error e) {
            produced = CompletableFuture.failedFuture(e);
        }
        return produced.handle((results, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(results);
            }
            Throwable cause = unwrap(failure);
            boolean retryable = retryable(cause);
            long delay = backoff(task);
            if (retryable && task.attempt() < task.maxAttempts() && clock.millis() + delay < task.deadline()) {
                count(stage, "retried", task.count());
                Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
                return CompletableFuture.runAsync(() -> { }, later)
                        .thenCompose(v -> withRetries(task.nextAttempt(), parts, work, stage, last, span, working));
            }
            return CompletableFuture.<ItemResults>failedFuture(cause);
        }).thenCompose(s -> s);
    }

    /**
     * Whether a failure of the whole task may be transient: a typed error says so itself; an
     * unexpected exception may be; an {@link Error} (out of memory, stack overflow) never is: the same
     * work would break the same way, and with {@code -XX:+ExitOnOutOfMemoryError} the JVM has exited first.
     */
    static boolean retryable(Throwable cause) {
        if (cause instanceof TaskException te) {
            return te.code().retryable();
        }
        return !(cause instanceof Error);
    }

    /** {@code backoff × 2^(attempt-1)}, ±50 % jitter, at most 5 s. */
    static long backoff(TaskHeaders task) {
        double base = task.backoffMs() * Math.pow(2, Math.max(0, task.attempt() - 1));
        double jittered = base * (0.5 + ThreadLocalRandom.current().nextDouble());
        return Math.min(5_000, Math.round(jittered));
    }

    /** The records for what the work made of each item. */
    private List<Hop> produced(Map<String, String> headers, Message<byte[]> msg, TaskHeaders task, List<byte[]> parts,
                               ItemResults results, String stage, long millis) {
        if (results.size() != task.count()) {
            throw new IllegalStateException(stage + " produced " + results.size() + " results for " + task.count() + " items");
        }
        long now = clock.millis();
        List<Integer> onward = new ArrayList<>();
        List<byte[]> onwardParts = new ArrayList<>();
        List<TaskOutcome> ended = new ArrayList<>();
        List<Hop> hops = new ArrayList<>();
        for (int i = 0; i < task.count(); i++) {
            int item = task.items().get(i);
            Object r = results.get(i);
            if (r instanceof byte[] value && value.length > maxValueBytes) {
                // alone larger than any record may carry: this item ends, the others go on
                r = new TaskException(ErrorCode.TOO_LARGE, stage + " made " + value.length + " bytes of item " + item
                        + "; a record value may hold " + maxValueBytes + " (" + RecordLimits.SETTING + " less "
                        + RecordLimits.HEADER_RESERVE + " for headers)");
            }
            if (r instanceof byte[] value) {
                onward.add(item);
                onwardParts.add(value);
            } else if (r instanceof BranchOutput output) {
                ended.add(task.outcome(item, task.branch(), OutcomeStatus.OK, output, null, stage, millis, now));
            } else {
                TaskException error = r instanceof TaskException te ? te
                        : new TaskException(ErrorCode.INTERNAL, stage + " produced no result for item " + item);
                ItemEnd end = itemError(task, item, stage, error, millis, now);
                ended.addAll(end.outcomes());
                if (end.deadLetter()) {
                    Map<String, String> h = new HashMap<>(headers);
                    h.remove(Headers.ITEMS);
                    h.put(Headers.ITEM_INDEX, Integer.toString(item));
                    h.put(Headers.ATTEMPT, Integer.toString(task.attempt()));
                    hops.add(deadLetter(parts.get(i), h, KafkaHeaders.topic(msg), stage, error.code(), error.getMessage()));
                }
            }
        }
        count(stage, "ok", onward.size() + (int) ended.stream().filter(o -> o.status() == OutcomeStatus.OK).count());
        for (List<Integer> group : Parts.groups(onwardParts, Integer.MAX_VALUE, maxValueBytes)) {
            List<Integer> items = group.stream().map(onward::get).toList();
            List<byte[]> values = group.stream().map(onwardParts::get).toList();
            hops.addAll(Hop.forward(task.withItems(items), Parts.value(values), stage, millis));
        }
        if (!ended.isEmpty()) {
            hops.addAll(outcomeRecords(ended));
        }
        return hops;
    }

    private record ItemEnd(List<TaskOutcome> outcomes, boolean deadLetter) {
    }

    /** The outcomes of one item that failed alone; counted as error or expired. */
    private ItemEnd itemError(TaskHeaders task, int item, String stage, TaskException failure, long millis, long now) {
        TaskError error = failure.toError(stage);
        OutcomeStatus status = status(error.code());
        count(stage, error.code() == ErrorCode.DEADLINE_EXCEEDED ? "expired" : "error", 1);
        LOG.infof("item %d of %s ended at %s: %s %s", item, task.taskId(), stage, error.code(), error.message());
        List<TaskOutcome> out = task.coveredBranches().stream()
                .map(b -> task.outcome(item, b, status, null, error, stage, millis, now)).toList();
        return new ItemEnd(out, status == OutcomeStatus.ERROR);
    }

    private static OutcomeStatus status(ErrorCode code) {
        return code == ErrorCode.DEADLINE_EXCEEDED ? OutcomeStatus.TIMEOUT
                : code == ErrorCode.CANCELLED ? OutcomeStatus.CANCELLED : OutcomeStatus.ERROR;
    }

    /** The whole task failed: every item and branch it covers ends with the error; one dead letter for the record. */
    private List<Hop> failed(Message<byte[]> msg, Map<String, String> headers, TaskHeaders task, List<byte[]> parts,
                             String stage, Throwable failure, long millis) {
        TaskError error;
        if (failure instanceof TaskException te) {
            error = te.toError(stage);
        } else if (failure instanceof OutOfMemoryError) {
            LOG.errorf(failure, "out of memory at %s for %s; not retried", stage, task.taskId());
            error = TaskError.of(ErrorCode.RESOURCE_EXHAUSTED, stage, "out of memory: " + failure.getMessage());
        } else {
            LOG.errorf(failure, "unexpected failure at %s for %s", stage, task.taskId());
            error = TaskError.of(ErrorCode.INTERNAL, stage, failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
        count(stage, error.code() == ErrorCode.DEADLINE_EXCEEDED ? "expired" : "error", task.count());
        OutcomeStatus status = status(error.code());
        List<Hop> hops = new ArrayList<>(outcomes(task, task.items(), stage, status, error, millis));
        if (status == OutcomeStatus.ERROR) {
            Map<String, String> h = new HashMap<>(headers);
            h.put(Headers.ATTEMPT, Integer.toString(task.attempt()));
            // the items this stage still held (decided ones were dropped), so the dead letter replays as it is
            h.put(Headers.ITEM_INDEX, Integer.toString(task.item()));
            h.remove(Headers.ITEMS);
            if (task.count() > 1) {
                h.put(Headers.ITEMS, TaskHeaders.itemsHeader(task.items()));
            }
            hops.add(deadLetter(Parts.value(parts), h, KafkaHeaders.topic(msg), stage, error.code(), error.message()));
        }
        return hops;
    }

    /** One results record with the outcome of each of these items for every branch the task covers. */
    private List<Hop> outcomes(TaskHeaders task, List<Integer> items, String stage, OutcomeStatus status, TaskError error,
                               long millis) {
        long now = clock.millis();
        List<TaskOutcome> out = new ArrayList<>();
        for (int item : items) {
            for (String b : task.coveredBranches()) {
                out.add(task.outcome(item, b, status, null, error, stage, millis, now));
            }
        }
        return out.isEmpty() ? List.of() : outcomeRecords(out);
    }

    /**
     * Results records of these outcomes: one, or, where their JSON would exceed a record's value (many
     * items with full probability vectors), halves until each fits. The fan-in reads each alone.
     */
    private List<Hop> outcomeRecords(List<TaskOutcome> outcomes) {
        Hop hop = Hop.outcomes(outcomes);
        if (hop.value().length <= maxValueBytes || outcomes.size() == 1) {
            return List.of(hop);
        }
        int half = outcomes.size() / 2;
        List<Hop> hops = new ArrayList<>(outcomeRecords(outcomes.subList(0, half)));
        hops.addAll(outcomeRecords(outcomes.subList(half, outcomes.size())));
        return hops;
    }

    private Hop deadLetter(byte[] payload, Map<String, String> headers, String topic, String stage, ErrorCode code,
                           String message) {
        Map<String, String> h = new HashMap<>(headers);
        h.put(Headers.DLQ_STAGE, stage);
        h.put(Headers.DLQ_ERROR, code.name());
        h.put(Headers.DLQ_MESSAGE, DeadLetterPayload.message(message));
        h.put(Headers.DLQ_TOPIC, topic);
        byte[] value = DeadLetterPayload.bound(payload, deadLetterMaxBytes, h);
        return new Hop(Topics.DEAD_LETTER, headers.get(Headers.JOB_ID), h, value);
    }

    private static CompletionStage<Void> finish(Message<byte[]> msg, CompletionStage<Void> sent, RecordSpan span,
                                                String outcome) {
        return sent.handle((v, t) -> {
            span.end(outcome, t);
            return t == null ? msg.ack() : msg.nack(unwrap(t));
        }).thenCompose(s -> s);
    }

    private void count(String stage, String result, int items) {
        if (items > 0) {
            metrics.counter("braid_stage_tasks", "stage", stage, "result", result).increment(items);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
