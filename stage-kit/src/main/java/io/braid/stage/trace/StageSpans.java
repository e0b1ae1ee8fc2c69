package io.braid.stage.trace;

import io.braid.stage.StageConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** Starts the spans of the records a stage handles; see {@link RecordSpan}. */
@ApplicationScoped
public class StageSpans {
    private final Tracer tracer;
    private final String pool;

    @Inject
    public StageSpans(OpenTelemetry otel, StageConfig config) {
        // from the OpenTelemetry bean, not an injected Tracer: the Tracer producer reads GlobalOpenTelemetry, and a
        // record handled before the SDK bean exists (a restart with records waiting) would install a no-op global
        // and make the SDK's start fail
        this.tracer = otel.getTracer("io.braid.stage");
        this.pool = config.pool().orElse("");
    }

    /**
     * The span of a record that arrived with these headers (its {@code traceparent} is the parent),
     * sent by its producer at {@code sentAtMs} (epoch ms; 0 or less when unknown).
     */
    public RecordSpan record(String stage, Map<String, String> headers, long sentAtMs) {
        return new RecordSpan(tracer, stage, pool.isEmpty() ? stage : pool, TraceHeaders.parent(headers), sentAtMs);
    }

    public Tracer tracer() {
        return tracer;
    }
}
