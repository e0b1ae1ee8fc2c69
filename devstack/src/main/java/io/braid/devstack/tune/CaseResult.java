package io.braid.devstack.tune;

import java.util.Arrays;
import java.util.List;

/**
 * What the repeats of one case measured.
 *
 * @param tuneCase   the case
 * @param repeats    one entry per repeat
 * @param latencyMs  every job's latency (POST to answer) over all repeats
 * @param failureSamples the first few failures, as text
 */
public record CaseResult(TuneCase tuneCase, List<Repeat> repeats, double[] latencyMs, List<String> failureSamples) {

    /**
     * One measured window.
     *
     * @param itemsPerSecond items of the jobs that succeeded within the window, per second
     * @param jobs           jobs answered (in the window and the ones still in flight at its end)
     * @param failures       failed requests and jobs that did not end SUCCEEDED
     */
    public record Repeat(double itemsPerSecond, int jobs, int failures) {
    }

    public CaseResult {
        repeats = List.copyOf(repeats);
        latencyMs = latencyMs.clone();
        Arrays.sort(latencyMs);
        failureSamples = List.copyOf(failureSamples);
    }

    /** This case's repeats followed by those of {@code later}, a second measurement of the same case. */
    public CaseResult plus(CaseResult later) {
        List<Repeat> all = new java.util.ArrayList<>(repeats);
        all.addAll(later.repeats);
        double[] latencies = java.util.stream.DoubleStream.concat(Arrays.stream(latencyMs),
                Arrays.stream(later.latencyMs)).toArray();
        List<String> failed = new java.util.ArrayList<>(failureSamples);
        failed.addAll(later.failureSamples);
        return new CaseResult(tuneCase, all, latencies, failed);
    }

    /** Mean items/s over the repeats. */
    public double throughput() {
        return repeats.stream().mapToDouble(Repeat::itemsPerSecond).average().orElse(0);
    }

    /** (max − min) / mean of the repeats' items/s, in percent; 0 for a single repeat. */
    public double spreadPercent() {
        double max = repeats.stream().mapToDouble(Repeat::itemsPerSecond).max().orElse(0);
        double min = repeats.stream().mapToDouble(Repeat::itemsPerSecond).min().orElse(0);
        double mean = throughput();
        return mean <= 0 ? (max > 0 ? 100 : 0) : (max - min) / mean * 100;
    }

    /** Failed requests plus jobs that did not end SUCCEEDED, over all repeats. */
    public int failures() {
        return repeats.stream().mapToInt(Repeat::failures).sum();
    }

    /** Jobs answered over all repeats. */
    public int jobs() {
        return repeats.stream().mapToInt(Repeat::jobs).sum();
    }

    /** The latency percentile {@code p} (0..100) by nearest rank; NaN without samples. */
    public double latencyPercentile(double p) {
        if (latencyMs.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * latencyMs.length);
        return latencyMs[Math.min(latencyMs.length - 1, Math.max(0, rank - 1))];
    }

    public double p50() {
        return latencyPercentile(50);
    }

    public double p99() {
        return latencyPercentile(99);
    }
}
