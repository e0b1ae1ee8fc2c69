package io.braid.inference.engine;

import io.braid.common.wire.SpanAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The spans of one batch: a {@code queue wait} per task it carries items of (a child of that task's
 * {@code inference work} span, from its first item's enqueue to the batch's start) and the
 * {@code batch <model>} span of the model call, a child of the first task's work span and linked to
 * the work span of every task it carried, with model, batch size and device.
 */
final class BatchSpans {
    private static final AttributeKey<Long> LINK_ITEMS = AttributeKey.longKey(SpanAttributes.ITEMS);

    private final Tracer tracer;
    private final Clock clock;
    private final String model;
    private final String device;
    private final String pool;

    BatchSpans(Tracer tracer, Clock clock, String model, String device, String pool) {
        this.pool = pool;
        this.tracer = tracer;
        this.clock = clock;
        this.model = model;
        this.device = device;
    }

    /** Records the queue waits and starts the model call's span; {@code nowNanos} is the batch's start (nano clock). */
    Span start(List<PendingItem> batch, long nowNanos) {
        long nowEpochNanos = epochNanos(clock.instant());
        Map<String, SpanContext> tasks = new LinkedHashMap<>();
        Map<String, Long> firstEnqueued = new LinkedHashMap<>();
        Map<String, Long> items = new LinkedHashMap<>();
        for (PendingItem item : batch) {
            SpanContext task = item.trace();
            if (task == null || !task.isValid()) {
                continue;
            }
            tasks.putIfAbsent(task.getSpanId(), task);
            firstEnqueued.merge(task.getSpanId(), item.enqueuedAt(), Math::min);
            items.merge(task.getSpanId(), 1L, Long::sum);
        }
        for (Map.Entry<String, SpanContext> t : tasks.entrySet()) {
            long waited = Math.max(0, nowNanos - firstEnqueued.get(t.getKey()));
            tracer.spanBuilder("queue wait").setParent(Context.root().with(Span.wrap(t.getValue())))
                    .setStartTimestamp(nowEpochNanos - waited, TimeUnit.NANOSECONDS)
                    .setAttribute(SpanAttributes.MODEL, model).setAttribute(SpanAttributes.ITEMS, items.get(t.getKey()))
                    .setAttribute(SpanAttributes.POOL, pool)
                    .startSpan().end(nowEpochNanos, TimeUnit.NANOSECONDS);
        }
        SpanBuilder b = tracer.spanBuilder("batch " + model)
                .setStartTimestamp(nowEpochNanos, TimeUnit.NANOSECONDS)
                .setAttribute(SpanAttributes.MODEL, model).setAttribute(SpanAttributes.BATCH_SIZE, batch.size())
                .setAttribute(SpanAttributes.DEVICE, device).setAttribute(SpanAttributes.POOL, pool);
        b.setParent(tasks.isEmpty() ? Context.root() : Context.root().with(Span.wrap(tasks.values().iterator().next())));
        for (Map.Entry<String, SpanContext> t : tasks.entrySet()) {
            b.addLink(t.getValue(), Attributes.of(LINK_ITEMS, items.get(t.getKey())));
        }
        return b.startSpan();
    }

    private static long epochNanos(Instant at) {
        return TimeUnit.SECONDS.toNanos(at.getEpochSecond()) + at.getNano();
    }
}
