package io.braid.devstack.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The recent traces the stack received, in memory: at most {@code maxTraces}, the oldest forgotten first.
 * Finds a job's trace by the {@code braid.job.id} of its {@code accept} span, and the spans of other
 * traces that link into it (a batch that carried this job's items with other jobs', a convoy's tasks).
 */
public final class TraceStore {
    /** The attribute that names a job on its accept span. */
    public static final String JOB_ID = "braid.job.id";

    private final int maxTraces;
    private final LinkedHashMap<String, List<TraceSpan>> traces = new LinkedHashMap<>();
    private final Map<String, String> traceOfJob = new HashMap<>();
    /** trace id → spans of other traces that link to one of its spans. */
    private final Map<String, List<TraceSpan>> linkedFrom = new HashMap<>();

    public TraceStore(int maxTraces) {
        this.maxTraces = maxTraces;
    }

    public synchronized void add(Collection<TraceSpan> spans) {
        for (TraceSpan s : spans) {
            traces.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
            if ("accept".equals(s.name()) && s.attributes().containsKey(JOB_ID)) {
                traceOfJob.put(s.attributes().get(JOB_ID), s.traceId());
            }
            for (TraceSpan.Link l : s.links()) {
                if (!l.traceId().equals(s.traceId())) {
                    linkedFrom.computeIfAbsent(l.traceId(), k -> new ArrayList<>()).add(s);
                }
            }
        }
        while (traces.size() > maxTraces) {
            String oldest = traces.keySet().iterator().next();
            traces.remove(oldest);
            linkedFrom.remove(oldest);
            traceOfJob.values().removeIf(oldest::equals);
        }
    }

    /** The trace id of a job, when its accept span arrived. */
    public synchronized Optional<String> traceOf(String jobId) {
        return Optional.ofNullable(traceOfJob.get(jobId));
    }

    /** The spans of one trace, as received. */
    public synchronized List<TraceSpan> spans(String traceId) {
        return List.copyOf(traces.getOrDefault(traceId, List.of()));
    }

    /**
     * A trace's spans and, from other traces, every span that links to one of them together with that
     * span's descendants (what a batch or a convoy did for this trace).
     */
    public synchronized JobTrace withLinked(String traceId) {
        List<TraceSpan> own = spans(traceId);
        Set<String> ownIds = new HashSet<>();
        own.forEach(s -> ownIds.add(s.spanId()));
        List<TraceSpan> linked = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TraceSpan s : linkedFrom.getOrDefault(traceId, List.of())) {
            boolean intoOwn = s.links().stream().anyMatch(l -> ownIds.contains(l.spanId()));
            if (intoOwn && !ownIds.contains(s.spanId()) && seen.add(s.spanId())) {
                linked.add(s);
                descendants(s, linked, seen);
            }
        }
        return new JobTrace(traceId, own, linked);
    }

    private void descendants(TraceSpan top, List<TraceSpan> into, Set<String> seen) {
        List<TraceSpan> all = traces.getOrDefault(top.traceId(), List.of());
        Deque<String> todo = new ArrayDeque<>(List.of(top.spanId()));
        while (!todo.isEmpty()) {
            String parent = todo.pop();
            for (TraceSpan s : all) {
                if (parent.equals(s.parentSpanId()) && seen.add(s.spanId())) {
                    into.add(s);
                    todo.push(s.spanId());
                }
            }
        }
    }

    public synchronized int size() {
        return traces.size();
    }

    /**
     * A job's trace as {@code ./braid trace} shows it.
     *
     * @param traceId the job's trace
     * @param spans   its own spans
     * @param linked  spans of other traces that link into it, with their descendants
     */
    public record JobTrace(String traceId, List<TraceSpan> spans, List<TraceSpan> linked) {
        /** Every span, own first. */
        public List<TraceSpan> all() {
            List<TraceSpan> out = new ArrayList<>(spans);
            out.addAll(linked);
            return out;
        }
    }
}
