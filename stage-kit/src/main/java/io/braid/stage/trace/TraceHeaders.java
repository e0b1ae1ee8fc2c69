package io.braid.stage.trace;

import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The W3C trace context in Kafka headers: read from a consumed record, written on every record a
 * span sends, so the next hop's spans are children of the span that sent it.
 */
public final class TraceHeaders {
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceHeaders() {
    }

    /** The context a record's {@code traceparent} names; the root context when it has none (a new trace). */
    public static Context parent(Map<String, String> headers) {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, GETTER);
    }

    /** {@code 00-<traceId>-<spanId>-<flags>}, or null for an invalid (no-op) span context. */
    public static String traceparent(SpanContext span) {
        if (span == null || !span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** The trace id in a {@code traceparent} value, or null when it is not one. */
    public static String traceId(String traceparent) {
        if (traceparent == null || traceparent.length() < 55 || traceparent.charAt(2) != '-') {
            return null;
        }
        return traceparent.substring(3, 35);
    }

    /**
     * These hops with {@code traceparent} naming {@code span}; unchanged when tracing is off (an
     * invalid span), so a context that arrived is still passed on.
     */
    public static List<Hop> stamp(List<Hop> hops, SpanContext span) {
        String value = traceparent(span);
        if (value == null || hops.isEmpty()) {
            return hops;
        }
        List<Hop> out = new ArrayList<>(hops.size());
        for (Hop hop : hops) {
            Map<String, String> h = new LinkedHashMap<>(hop.headers());
            h.put(Headers.TRACEPARENT, value);
            out.add(new Hop(hop.topic(), hop.key(), h, hop.value()));
        }
        return out;
    }
}
