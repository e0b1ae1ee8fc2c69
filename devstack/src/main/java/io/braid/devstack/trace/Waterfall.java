package io.braid.devstack.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trace laid out as a waterfall: one row per span, children under their parent in start order, the
 * spans of other traces that link into it (a batch that carried these items with others') under the
 * span they link to. Offsets are from the earliest span's start.
 */
public final class Waterfall {
    /**
     * One row.
     *
     * @param span   the span
     * @param depth  nesting under its parent (0 for a root)
     * @param linked whether it belongs to another trace and is shown because it links into this one
     */
    public record Row(TraceSpan span, int depth, boolean linked) {
    }

    private final TraceStore.JobTrace trace;
    private final List<Row> rows;
    private final long startNanos;
    private final long endNanos;

    public Waterfall(TraceStore.JobTrace trace) {
        this.trace = trace;
        List<TraceSpan> all = trace.all();
        this.startNanos = all.stream().mapToLong(TraceSpan::startNanos).min().orElse(0);
        this.endNanos = all.stream().mapToLong(TraceSpan::endNanos).max().orElse(0);
        this.rows = layout(trace);
    }

    private static List<Row> layout(TraceStore.JobTrace trace) {
        Set<String> linkedIds = new HashSet<>();
        trace.linked().forEach(s -> linkedIds.add(s.spanId()));
        Map<String, TraceSpan> byId = new LinkedHashMap<>();
        trace.all().forEach(s -> byId.putIfAbsent(s.spanId(), s));
        Map<String, List<TraceSpan>> children = new HashMap<>();
        List<TraceSpan> roots = new ArrayList<>();
        for (TraceSpan s : byId.values()) {
            String parent = s.parentSpanId();
            if (linkedIds.contains(s.spanId()) && !byId.containsKey(parent)) {
                // a span of another trace: under the first span of this trace it links to
                parent = s.links().stream().map(TraceSpan.Link::spanId).filter(byId::containsKey).findFirst().orElse("");
            }
            if (parent.isEmpty() || !byId.containsKey(parent)) {
                roots.add(s);
            } else {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
            }
        }
        Comparator<TraceSpan> byStart = Comparator.comparingLong(TraceSpan::startNanos).thenComparing(TraceSpan::name);
        roots.sort(byStart);
        children.values().forEach(l -> l.sort(byStart));
        List<Row> out = new ArrayList<>();
        for (TraceSpan r : roots) {
            visit(r, 0, children, linkedIds, out, new HashSet<>());
        }
        return out;
    }

    private static void visit(TraceSpan s, int depth, Map<String, List<TraceSpan>> children, Set<String> linked,
                              List<Row> out, Set<String> seen) {
        if (!seen.add(s.spanId())) {
            return;
        }
        out.add(new Row(s, depth, linked.contains(s.spanId())));
        for (TraceSpan c : children.getOrDefault(s.spanId(), List.of())) {
            visit(c, depth + 1, children, linked, out, seen);
        }
    }

    public List<Row> rows() {
        return rows;
    }

    public TraceStore.JobTrace trace() {
        return trace;
    }

    /** From the first span's start to the last span's end, ns. */
    public long totalNanos() {
        return Math.max(1, endNanos - startNanos);
    }

    public long offsetNanos(TraceSpan s) {
        return s.startNanos() - startNanos;
    }

    /** A service name without the {@code braid-} prefix; an inference service with its pool. */
    public static String service(TraceSpan s) {
        String name = s.service().startsWith("braid-") ? s.service().substring(6) : s.service();
        String pool = s.attributes().get("braid.pool");
        return pool != null && !pool.equals(name) ? name + "/" + pool : name;
    }

    /** The text waterfall: a header, then span, service, start offset, duration and a bar per row. */
    public String text(String jobId, int barWidth) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("job %s  trace %s  %.1f ms  %d spans%s%n", jobId, trace.traceId(), totalNanos() / 1e6,
                rows.size(), trace.linked().isEmpty() ? "" : " (" + trace.linked().size() + " linked from other traces, marked ~)"));
        int nameWidth = 40;
        b.append(String.format("%-" + nameWidth + "s %-22s %10s %10s  %s%n", "span", "service", "start", "duration", "timeline"));
        for (Row r : rows) {
            TraceSpan s = r.span();
            String name = "  ".repeat(r.depth()) + (r.linked() ? "~ " : "") + s.name() + (s.error() ? " !" : "");
            if (name.length() > nameWidth) {
                name = name.substring(0, nameWidth - 1) + "…";
            }
            b.append(String.format("%-" + nameWidth + "s %-22s %8.1fms %8.1fms  |%s|%n", name, service(s),
                    offsetNanos(s) / 1e6, s.durationNanos() / 1e6, bar(s, barWidth)));
        }
        return b.toString();
    }

    private String bar(TraceSpan s, int width) {
        double total = totalNanos();
        int from = (int) Math.min(width - 1, Math.floor(offsetNanos(s) / total * width));
        int len = (int) Math.max(1, Math.min(width - from, Math.round(s.durationNanos() / total * width)));
        return " ".repeat(from) + "█".repeat(len) + " ".repeat(width - from - len);
    }
}
