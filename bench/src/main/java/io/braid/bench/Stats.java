package io.braid.bench;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles and means of measured samples (nearest-rank percentiles, so a p99 is a value that occurred). */
final class Stats {
    private final double[] sorted;

    private Stats(double[] sorted) {
        this.sorted = sorted;
    }

    static Stats of(Collection<? extends Number> samples) {
        double[] values = samples.stream().mapToDouble(Number::doubleValue).toArray();
        Arrays.sort(values);
        return new Stats(values);
    }

    int count() {
        return sorted.length;
    }

    /** The {@code p}-th percentile (0..100) by nearest rank; NaN when there are no samples. */
    double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    double p50() {
        return percentile(50);
    }

    double p99() {
        return percentile(99);
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    double mean() {
        return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(Double.NaN);
    }
}
