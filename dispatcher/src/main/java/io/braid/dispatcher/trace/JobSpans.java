package io.braid.dispatcher.trace;

import io.braid.common.wire.Headers;
import io.braid.common.wire.SpanAttributes;
import io.braid.stage.KafkaHeaders;
import io.braid.stage.trace.TraceHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.Map;

/**
 * The dispatcher's spans in a job's trace: {@code plan} (a job record became tasks), {@code plan convoy}
 * (the tasks of jobs that travel together; in the first member's trace, linked from every member's
 * {@code plan}), {@code fan-in record} (a results record recorded) and {@code join} (the result written).
 */
@ApplicationScoped
public class JobSpans {
    private final Tracer tracer;

    @Inject
    public JobSpans(OpenTelemetry otel) {
        // from the OpenTelemetry bean (see StageSpans): a record handled before the SDK bean exists must not
        // install a no-op global
        this.tracer = otel.getTracer("io.braid.dispatcher");
    }

    /** {@code plan}: a child of the span that sent the job record (the gateway's {@code accept}). */
    public Span plan(Message<?> jobRecord, String jobId, String pipeline) {
        return tracer.spanBuilder("plan").setParent(TraceHeaders.parent(KafkaHeaders.of(jobRecord)))
                .setSpanKind(SpanKind.CONSUMER).setAttribute(SpanAttributes.STAGE, "dispatcher")
                .setAttribute(SpanAttributes.JOB_ID, jobId).setAttribute(SpanAttributes.PIPELINE, pipeline).startSpan();
    }

    /** {@code plan convoy}: a child of the first member's {@code plan}, linked to every member's. */
    public Span convoy(String convoyId, List<Span> members) {
        SpanBuilder b = tracer.spanBuilder("plan convoy").setAttribute(SpanAttributes.STAGE, "dispatcher")
                .setAttribute(SpanAttributes.JOB_ID, convoyId).setAttribute(SpanAttributes.CONVOY, members.size());
        b.setParent(members.isEmpty() ? Context.root() : Context.root().with(members.get(0)));
        for (Span m : members) {
            b.addLink(m.getSpanContext());
        }
        return b.startSpan();
    }

    /** {@code fan-in record}: a child of the stage span that sent the results record. */
    public Span record(Message<?> resultsRecord) {
        Map<String, String> headers = KafkaHeaders.of(resultsRecord);
        return tracer.spanBuilder("fan-in record").setParent(TraceHeaders.parent(headers)).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SpanAttributes.STAGE, "dispatcher")
                .setAttribute(SpanAttributes.JOB_ID, headers.getOrDefault(Headers.JOB_ID, "")).startSpan();
    }

    /**
     * {@code join}: in the job's own trace (from the {@code traceparent} kept in its hash), a child of the
     * current span when that is in the same trace (the results record that completed it), else of the
     * accept span and linked to the current one (the deadline timer, a cancel, a convoy's results).
     */
    public Span join(String jobId, String storedTraceparent) {
        Context stored = storedTraceparent == null ? Context.root()
                : TraceHeaders.parent(Map.of(Headers.TRACEPARENT, storedTraceparent));
        SpanContext current = Span.current().getSpanContext();
        SpanContext job = Span.fromContext(stored).getSpanContext();
        SpanBuilder b = tracer.spanBuilder("join").setAttribute(SpanAttributes.STAGE, "dispatcher")
                .setAttribute(SpanAttributes.JOB_ID, jobId);
        if (current.isValid() && (!job.isValid() || current.getTraceId().equals(job.getTraceId()))) {
            b.setParent(Context.current());
        } else {
            b.setParent(stored);
            if (current.isValid()) {
                b.addLink(current);
            }
        }
        return b.startSpan();
    }

    /** The hops of a span's work, with the span as their trace parent. */
    public static List<io.braid.common.wire.Hop> stamp(List<io.braid.common.wire.Hop> hops, Span span) {
        return TraceHeaders.stamp(hops, span.getSpanContext());
    }
}
