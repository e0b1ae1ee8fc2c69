package io.braid.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one scenario did to its jobs.
 *
 * @param scenario   the row's name
 * @param sent       jobs the clients sent
 * @param accepted   jobs a gateway accepted (202)
 * @param refused    sent but never accepted, by answer ({@code 400}, {@code 503}, {@code no answer})
 * @param succeeded  accepted jobs that ended SUCCEEDED
 * @param others     accepted jobs that ended otherwise, by status
 * @param lost       accepted jobs without a terminal status at their deadline + grace
 * @param differing  items whose prediction differs from the fault-free run's for the same image
 * @param recoverySeconds seconds from the fault until the outcomes per second came back to {@value #RECOVERED} of the rate
 *                   before it (or the load was drained); 0 when they never dropped below that
 * @param slowestSeconds the longest time from accept (submittedAt) to terminal status (finishedAt) of a job
 * @param verdict    {@code ok}, or what missed the goal
 */
record ChaosRow(String scenario, int sent, int accepted, Map<String, Integer> refused, int succeeded,
                Map<String, Integer> others, int lost, int differing, double recoverySeconds, double slowestSeconds,
                String verdict) {

    /** Window of the rate before the fault. */
    private static final long WINDOW_MS = 2_000;
    /** Window of the rates after the fault (finer, to time the recovery). */
    private static final long STEP_MS = 1_000;
    /** The share of the rate before the fault that counts as recovered. */
    static final double RECOVERED = 0.75;

    static ChaosRow of(Scenario scenario, List<ChaosLoad.Job> jobs, NavigableMap<Long, Integer> timeline,
                       long faultAtMs, Map<String, String> referenceLabels) {
        int accepted = (int) jobs.stream().filter(ChaosLoad.Job::accepted).count();
        Map<String, Integer> refused = jobs.stream().filter(j -> !j.accepted())
                .collect(Collectors.groupingBy(j -> j.refusedWith == -1 ? "no answer" : Integer.toString(j.refusedWith),
                        TreeMap::new, Collectors.summingInt(j -> 1)));
        int succeeded = (int) jobs.stream().filter(j -> j.accepted() && j.status().equals("SUCCEEDED")).count();
        Map<String, Integer> others = jobs.stream().filter(j -> j.accepted() && j.terminal()
                        && !j.status().equals("SUCCEEDED"))
                .collect(Collectors.groupingBy(ChaosLoad.Job::status, TreeMap::new, Collectors.summingInt(j -> 1)));
        int lost = (int) jobs.stream().filter(j -> j.accepted() && !j.terminal()).count();
        int differing = 0;
        for (ChaosLoad.Job job : jobs) {
            if (job.last == null) {
                continue;
            }
            for (JsonNode item : job.last.path("result").path("items")) {
                String expected = referenceLabels.get(item.path("id").asText());
                JsonNode label = item.path("output").path("label");
                if (expected != null && !label.isMissingNode() && !label.asText().equals(expected)) {
                    differing++;
                }
            }
        }
        double recovery = recovery(timeline, faultAtMs);
        double slowest = jobs.stream().filter(ChaosLoad.Job::terminal)
                .mapToLong(j -> j.last.path("timings").path("finishedAt").asLong()
                        - j.last.path("timings").path("submittedAt").asLong()).max().orElse(0) / 1000.0;
        String verdict = lost > 0 || differing > 0 ? "MISSED: " + lost + " lost, " + differing + " differing"
                : scenario.deadlineAllowsSuccess() && succeeded < accepted ? "MISSED: not all SUCCEEDED" : "ok";
        return new ChaosRow(scenario.name(), jobs.size(), accepted, refused, succeeded, others, lost, differing,
                recovery, slowest, verdict);
    }

    /** The reduced label of every item of every SUCCEEDED job, by item id: the reference of a fault-free run. */
    static Map<String, String> labels(List<ChaosLoad.Job> jobs) {
        Map<String, String> labels = new TreeMap<>();
        for (ChaosLoad.Job job : jobs) {
            if (job.status().equals("SUCCEEDED")) {
                job.last.path("result").path("items").forEach(item ->
                        labels.put(item.path("id").asText(), item.path("output").path("label").asText()));
            }
        }
        return labels;
    }

    /**
     * Outcomes per second; the baseline is the rate in the 2 s before the fault, then 1 s windows follow. The
     * recovery ends at the first window after the fault whose rate is back at {@link #RECOVERED} of the baseline, once it had
     * dropped below.
     */
    static double recovery(NavigableMap<Long, Integer> timeline, long faultAtMs) {
        if (faultAtMs <= 0 || timeline.isEmpty()) {
            return 0;
        }
        double baseline = rate(timeline, faultAtMs - WINDOW_MS, faultAtMs);
        if (baseline <= 0) {
            return 0;
        }
        int finalDone = timeline.lastEntry().getValue();
        long drained = timeline.entrySet().stream().filter(e -> e.getValue() == finalDone).findFirst()
                .map(Map.Entry::getKey).orElse(timeline.lastKey());
        boolean dropped = false;
        for (long t : timeline.tailMap(faultAtMs, true).keySet()) {
            if (t + STEP_MS > drained) {
                // the load is done: the rest of the timeline is idle, not a stall
                return dropped ? (drained - faultAtMs) / 1000.0 : 0;
            }
            if (rate(timeline, t, t + STEP_MS) < baseline * RECOVERED) {
                dropped = true;
            } else if (dropped) {
                return (t - faultAtMs) / 1000.0;
            }
        }
        return dropped ? -1 : 0;
    }

    private static double rate(NavigableMap<Long, Integer> timeline, long from, long to) {
        Map.Entry<Long, Integer> a = timeline.floorEntry(from);
        Map.Entry<Long, Integer> b = timeline.floorEntry(to);
        if (a == null || b == null || b.getKey() <= a.getKey()) {
            return 0;
        }
        return (b.getValue() - a.getValue()) * 1000.0 / (b.getKey() - a.getKey());
    }
}
