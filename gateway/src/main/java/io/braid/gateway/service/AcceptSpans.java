package io.braid.gateway.service;

import io.braid.common.wire.SpanAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The first span of a job's trace: {@code accept}, from the submit until the broker acknowledged the
 * job record. Its parent is the request's server span, which continues a caller's W3C
 * {@code traceparent} or starts a new trace; its context travels on in the job record's headers and
 * is kept in the job hash.
 */
@ApplicationScoped
public class AcceptSpans {
    private final Tracer tracer;

    @Inject
    public AcceptSpans(OpenTelemetry otel) {
        // from the OpenTelemetry bean, not the Tracer producer, which reads GlobalOpenTelemetry (see StageSpans)
        this.tracer = otel.getTracer("io.braid.gateway");
    }

    /** One job's accept span; {@link Accept#end} it once the job record is acknowledged or failed. */
    public static final class Accept {
        private final Span span;

        private Accept(Span span) {
            this.span = span;
        }

        /** {@code 00-trace-span-flags}, or empty when tracing is off. */
        public String traceparent() {
            SpanContext c = span.getSpanContext();
            return c.isValid() ? "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex() : "";
        }

        public void end(Throwable failure) {
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            }
            span.end();
        }
    }

    public Accept start(String jobId, String pipeline, int items) {
        Span span = tracer.spanBuilder("accept").setParent(Context.current()).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SpanAttributes.JOB_ID, jobId).setAttribute(SpanAttributes.PIPELINE, pipeline)
                .setAttribute(SpanAttributes.STAGE, "gateway").setAttribute(SpanAttributes.ITEMS, items).startSpan();
        return new Accept(span);
    }

    /** The trace id in a stored {@code traceparent}, or null. */
    public static String traceId(String traceparent) {
        return traceparent == null || traceparent.length() < 35 ? null : traceparent.substring(3, 35);
    }
}
