package io.braid.devstack.trace;

import java.util.List;
import java.util.Map;

/**
 * One span as the local trace store keeps it.
 *
 * @param traceId      32 hex digits
 * @param spanId       16 hex digits
 * @param parentSpanId 16 hex digits, or empty for a root span
 * @param name         the span's name ({@code accept}, {@code preprocess work}, {@code batch digits-cnn} ...)
 * @param service      the exporting service ({@code service.name}, e.g. braid-dispatcher)
 * @param startNanos   epoch ns
 * @param endNanos     epoch ns
 * @param attributes   the span's attributes as text
 * @param links        spans this one links to (a batch to the tasks it carried)
 * @param error        whether the span's status is ERROR
 */
public record TraceSpan(String traceId, String spanId, String parentSpanId, String name, String service, long startNanos,
                        long endNanos, Map<String, String> attributes, List<Link> links, boolean error) {

    /** A link to another span. */
    public record Link(String traceId, String spanId) {
    }

    public long durationNanos() {
        return Math.max(0, endNanos - startNanos);
    }

    public boolean root() {
        return parentSpanId.isEmpty();
    }
}
