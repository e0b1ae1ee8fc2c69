package io.braid.stage.trace;

import io.braid.common.wire.Hop;
import io.braid.common.wire.SpanAttributes;
import io.braid.common.wire.TaskHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The spans of one record at a stage: {@code <stage>} from the producer's send to the ack, with
 * children {@code <stage> consume} (broker and waiting for a permit), {@code <stage> work} and
 * {@code <stage> produce} (the sends until the broker acknowledged them). Every record the stage
 * sends names the stage span as its parent.
 */
public final class RecordSpan {
    private final Tracer tracer;
    private final String stage;
    private final String pool;
    private final Span span;
    private final long sentAtMs;
    private String jobId;

    RecordSpan(Tracer tracer, String stage, String pool, Context parent, long sentAtMs) {
        this.tracer = tracer;
        this.stage = stage;
        this.pool = pool;
        this.sentAtMs = sentAtMs;
        var builder = tracer.spanBuilder(stage).setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SpanAttributes.STAGE, stage).setAttribute(SpanAttributes.POOL, pool);
        if (sentAtMs > 0) {
            builder.setStartTimestamp(sentAtMs, TimeUnit.MILLISECONDS);
        }
        this.span = builder.startSpan();
    }

    /** Names the task on the span once its headers are read. */
    public void task(TaskHeaders task) {
        jobId = task.jobId();
        span.setAttribute(SpanAttributes.JOB_ID, task.jobId());
        span.setAttribute(SpanAttributes.TASK_ID, task.taskId());
        span.setAttribute(SpanAttributes.PIPELINE, task.pipeline());
        span.setAttribute(SpanAttributes.ITEMS, task.count());
        span.setAttribute(SpanAttributes.ATTEMPT, task.attempt());
    }

    /** Ends the {@code consume} child now: the record waited from its send until the stage took it up. */
    public void consumed() {
        if (sentAtMs > 0) {
            tracer.spanBuilder(stage + " consume").setParent(Context.root().with(span)).setAttribute(SpanAttributes.POOL, pool)
                    .setStartTimestamp(sentAtMs, TimeUnit.MILLISECONDS).startSpan().end();
        }
    }

    /** Starts a child ({@code work}, {@code produce}); the caller ends it. */
    public Span child(String what) {
        return tracer.spanBuilder(stage + " " + what).setParent(Context.root().with(span))
                .setAttribute(SpanAttributes.POOL, pool).startSpan();
    }

    /**
     * Runs {@code body} with {@code child} current and the task's ids in the log MDC, so the work can
     * name its span (the inference batch links to it) and its log lines carry the ids.
     */
    public <T> T within(Span child, Supplier<T> body) {
        try (Scope ignored = child.makeCurrent(); TaskLog log = TaskLog.enter(jobId, child.getSpanContext(), stage, pool)) {
            return body.get();
        }
    }

    /** Puts the task's ids in the log MDC until the returned section closes. */
    public TaskLog log() {
        return TaskLog.enter(jobId, span.getSpanContext(), stage, pool);
    }

    /** The hops with this span as their trace parent. */
    public List<Hop> stamp(List<Hop> hops) {
        return TraceHeaders.stamp(hops, span.getSpanContext());
    }

    public SpanContext context() {
        return span.getSpanContext();
    }

    /** Ends a child, marking it failed when {@code failure} is not null. */
    public static void end(Span child, Throwable failure) {
        if (failure != null) {
            child.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
        child.end();
    }

    /** Ends the stage span; {@code outcome} (ok, poison, expired, skipped, error) becomes an attribute. */
    public void end(String outcome, Throwable failure) {
        span.setAttribute("braid.outcome", outcome);
        end(span, failure);
    }
}
