package io.braid.stage.trace;

import io.opentelemetry.api.trace.SpanContext;
import org.jboss.logging.MDC;

/**
 * The ids every log line inside a task carries ({@code jobId}, {@code traceId}, {@code spanId},
 * {@code stage}, {@code pool}), put in the logging MDC for a synchronous section and removed after.
 * JSON logs show them as fields; the plain local format prints them with {@code %X}.
 */
public final class TaskLog implements AutoCloseable {
    public static final String JOB_ID = "jobId";
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";
    public static final String STAGE = "stage";
    public static final String POOL = "pool";

    private TaskLog() {
    }

    /** Puts the ids; close the returned section to remove them. Null values are left out. */
    public static TaskLog enter(String jobId, SpanContext span, String stage, String pool) {
        put(JOB_ID, jobId);
        if (span != null && span.isValid()) {
            put(TRACE_ID, span.getTraceId());
            put(SPAN_ID, span.getSpanId());
        }
        put(STAGE, stage);
        put(POOL, pool);
        return new TaskLog();
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    @Override
    public void close() {
        MDC.remove(JOB_ID);
        MDC.remove(TRACE_ID);
        MDC.remove(SPAN_ID);
        MDC.remove(STAGE);
        MDC.remove(POOL);
    }
}
