package io.braid.dispatcher.convoy;

import io.braid.common.wire.JobRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Packs the jobs that arrived together into convoys. Jobs share a convoy only when they have the same
 * pipeline and priority (so the same routing slip and queue level), their items fit in one task
 * ({@code capOf}: the pipeline's items per task) and their deadlines lie within {@code maxSpreadMs}
 * of each other (a convoy task carries the latest; the earlier members' work is skipped by notice when
 * they end). A job as large as a task travels alone. Plain Java: unit-tested alone.
 */
public final class ConvoyPacker {
    private ConvoyPacker() {
    }

    /** Groups of jobs, each of one or more members, covering every job exactly once. */
    public static List<List<JobRequest>> pack(List<JobRequest> jobs, ToIntFunction<String> capOf, long maxSpreadMs) {
        Map<String, List<JobRequest>> byRoute = new LinkedHashMap<>();
        List<List<JobRequest>> out = new ArrayList<>();
        for (JobRequest j : jobs) {
            if (j.items().size() >= capOf.applyAsInt(j.pipeline())) {
                out.add(List.of(j));
            } else {
                byRoute.computeIfAbsent(j.pipeline() + '\u0000' + j.priority(), k -> new ArrayList<>()).add(j);
            }
        }
        for (List<JobRequest> route : byRoute.values()) {
            route.sort(Comparator.comparingLong(JobRequest::deadlineEpochMs));
            int cap = capOf.applyAsInt(route.get(0).pipeline());
            List<JobRequest> current = new ArrayList<>();
            int items = 0;
            for (JobRequest j : route) {
                boolean fits = items + j.items().size() <= cap && (current.isEmpty()
                        || j.deadlineEpochMs() - current.get(0).deadlineEpochMs() <= maxSpreadMs);
                if (!fits) {
                    out.add(current);
                    current = new ArrayList<>();
                    items = 0;
                }
                current.add(j);
                items += j.items().size();
            }
            out.add(current);
        }
        return out;
    }
}
