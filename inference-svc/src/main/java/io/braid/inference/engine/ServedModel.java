package io.braid.inference.engine;

import io.braid.common.pipeline.ModelSpec;
import io.braid.common.tensor.Tensor;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.TaskException;
import io.braid.inference.batching.BatchPolicy;
import io.braid.inference.batching.BatchQueue;
import io.braid.inference.batching.SplittingExecutor;
import io.braid.stage.SkipList;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.jboss.logging.MDC;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A model being served: its batch queue and one worker thread per instance, each with its own
 * predictor. {@link #submit} never blocks: a full queue is an overload error the fan-in sees.
 */
public final class ServedModel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ServedModel.class);

    private final ModelSpec spec;
    private final BatchQueue<PendingItem> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final Clock clock;
    private final SkipList skips;
    private final MeterRegistry metrics;
    private final DistributionSummary batchSizes;
    private final Timer batchTime;
    private final Timer queueWait;
    private final BatchSpans spans;
    private final io.micrometer.core.instrument.Counter splits;
    private final String pool;
    private volatile boolean running = true;

    public ServedModel(ModelSpec spec, List<Function<List<Tensor>, List<Tensor>>> instances, Clock clock,
                       MeterRegistry metrics, SkipList skips, Tracer tracer, String device) {
        this.spec = spec;
        this.spans = new BatchSpans(tracer, clock, spec.name(), device, spec.pool());
        this.pool = spec.pool();
        this.clock = clock;
        this.skips = skips;
        this.metrics = metrics;
        ModelSpec.Batching b = spec.batching();
        BatchPolicy policy = new BatchPolicy(b.maxQueueSize(), b.maxBatchSize(), b.preferredBatchSizes(),
                Duration.ofMillis(b.maxBatchDelayMs()), b.priorityLevels(), Duration.ofMillis(b.maxStarvationMs()),
                b.adaptiveDelay());
        this.queue = new BatchQueue<>(policy, System::nanoTime, PendingItem::priority, PendingItem::deadline,
                this::unwanted, this::drop);
        this.batchSizes = DistributionSummary.builder("braid_inference_batch_size").tag("model", spec.name())
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).register(metrics);
        this.batchTime = Timer.builder("braid_inference_batch").tag("model", spec.name()).register(metrics);
        this.queueWait = Timer.builder("braid_inference_queue_wait").tag("model", spec.name()).register(metrics);
        // registered before any split, so the alert on it (BraidBatchSplits) sees a series from the start
        this.splits = metrics.counter("braid_inference_batch_splits", "model", spec.name());
        metrics.gauge("braid_inference_queue_length", List.of(io.micrometer.core.instrument.Tag.of("model", spec.name())),
                queue, BatchQueue::size);
        for (int i = 0; i < instances.size(); i++) {
            Function<List<Tensor>, List<Tensor>> instance = instances.get(i);
            Thread t = new Thread(() -> serve(instance), "braid-" + spec.name() + "-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
    }

    /** Starts the instance threads. */
    public void start() {
        workers.forEach(Thread::start);
    }

    /**
     * Queues the items of one task together (all or none), one future per item, completed with its
     * output or a typed {@link TaskException}; an input of the wrong shape fails alone. Throws
     * {@code OVERLOADED} (retryable) when the queue has no room for all of them. {@code trace} is the
     * span of the task's work, which the spans of the batches that carry its items name. {@code started} is
     * completed when the first batch that carries one of these items starts running.
     */
    public List<CompletableFuture<Tensor>> submitAll(String jobId, List<Integer> items, List<Tensor> inputs, int priority,
                                                     long deadline, SpanContext trace, CompletableFuture<Void> started) {
        List<CompletableFuture<Tensor>> results = new ArrayList<>(items.size());
        List<PendingItem> admitted = new ArrayList<>(items.size());
        long now = System.nanoTime();
        for (int i = 0; i < items.size(); i++) {
            Tensor input = inputs.get(i);
            if (!Arrays.equals(input.shape(), spec.input().shape()) || input.dtype() != spec.input().dtype()) {
                results.add(CompletableFuture.failedFuture(new TaskException(ErrorCode.SHAPE_MISMATCH, "model "
                        + spec.name() + " takes " + spec.input().dtype().yamlName() + Arrays.toString(spec.input().shape())
                        + ", got " + input.dtype().yamlName() + Arrays.toString(input.shape()))));
                continue;
            }
            PendingItem item = new PendingItem(jobId, items.get(i), input, priority, deadline, now, new CompletableFuture<>(),
                    trace, started);
            admitted.add(item);
            results.add(item.result());
        }
        if (admitted.size() > queue.capacity()) {
            throw new TaskException(ErrorCode.BAD_INPUT, "a task of " + admitted.size() + " items cannot fit the queue of model "
                    + spec.name() + " (" + queue.capacity() + " items); the dispatcher caps tasks at the queue size");
        }
        if (!admitted.isEmpty() && !queue.offerAll(admitted)) {
            metrics.counter("braid_inference_rejected", "model", spec.name()).increment(admitted.size());
            throw new TaskException(ErrorCode.OVERLOADED, "queue of model " + spec.name() + " has no room for "
                    + admitted.size() + " more items (" + queue.size() + " of " + queue.capacity() + " queued)");
        }
        return results;
    }

    /** Runs one batch synchronously on the calling thread; used for warm-up before the pool is ready. */
    public static List<Tensor> warmUp(ModelSpec spec, Function<List<Tensor>, List<Tensor>> instance, int size) {
        float[] zeros = new float[(int) Tensor.elementCount(spec.input().shape())];
        List<Tensor> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(Tensor.ofFloats(spec.input().shape(), zeros));
        }
        return instance.apply(batch);
    }

    private void serve(Function<List<Tensor>, List<Tensor>> instance) {
        while (running) {
            List<PendingItem> batch;
            try {
                batch = queue.takeBatch(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch.isEmpty()) {
                continue;
            }
            long now = System.nanoTime();
            batch.forEach(i -> queueWait.record(now - i.enqueuedAt(), TimeUnit.NANOSECONDS));
            batch.forEach(i -> i.started().complete(null));
            batchSizes.record(batch.size());
            Span span = spans.start(batch, now);
            // a batch carries items of many jobs: its log lines name the pool and the batch's span
            try (Scope ignored = span.makeCurrent()) {
                MDC.put("pool", pool);
                MDC.put("traceId", span.getSpanContext().getTraceId());
                MDC.put("spanId", span.getSpanContext().getSpanId());
                runBatch(instance, batch, span);
            } finally {
                MDC.remove("pool");
                MDC.remove("traceId");
                MDC.remove("spanId");
            }
        }
    }

    /** Runs one batch (split on failure) and ends its span. */
    private void runBatch(Function<List<Tensor>, List<Tensor>> instance, List<PendingItem> batch, Span span) {
        long start = System.nanoTime();
        int splits = SplittingExecutor.run(batch,
                items -> instance.apply(items.stream().map(PendingItem::input).toList()),
                (item, out) -> item.result().complete(out),
                (item, e) -> item.result().completeExceptionally(new TaskException(ErrorCode.INFERENCE_FAILED,
                        "model " + spec.name() + " failed on this item: " + e.getMessage(), e)));
        batchTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        metrics.counter("braid_inference_items", "model", spec.name()).increment(batch.size());
        if (splits > 0) {
            LOG.warnf("model %s: batch of %d failed and was split %d times", spec.name(), batch.size(), splits);
            this.splits.increment(splits);
            span.setStatus(StatusCode.ERROR, "batch failed and was split " + splits + " times");
        }
        span.setAttribute("braid.batch.splits", splits);
        span.end();
    }

    /** Work that must never enter a batch: past its deadline, or of a job or item already decided. */
    private boolean unwanted(PendingItem item) {
        return clock.millis() >= item.deadline() || skips.reason(item.jobId(), item.item()) != null;
    }

    private void drop(PendingItem item) {
        if (clock.millis() >= item.deadline()) {
            metrics.counter("braid_inference_expired", "model", spec.name()).increment();
            item.result().completeExceptionally(new TaskException(ErrorCode.DEADLINE_EXCEEDED,
                    "deadline passed while queued for model " + spec.name()));
        } else {
            metrics.counter("braid_inference_skipped", "model", spec.name()).increment();
            item.result().completeExceptionally(new TaskException(ErrorCode.CANCELLED,
                    "job or item was decided while queued for model " + spec.name()));
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    @Override
    public void close() {
        running = false;
        queue.close();
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
