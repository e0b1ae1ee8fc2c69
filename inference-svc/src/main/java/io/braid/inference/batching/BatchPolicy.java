package io.braid.inference.batching;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link BatchQueue} forms batches.
 *
 * @param capacity       items queued at most (all levels together); beyond it {@link BatchQueue#offer} refuses
 * @param maxBatchSize   items per batch at most
 * @param preferredSizes sizes worth sending at once: a batch closes without waiting when the queue holds
 *                       the largest of them; at the delay it takes the largest one that fits what is queued
 * @param maxDelay       longest wait of the oldest queued item before a batch closes anyway
 * @param levels         priority levels; higher levels are served first
 * @param maxStarvation  longest wait of a lower level's oldest item before it is served ahead of higher levels
 * @param adaptiveDelay  close a partial batch before the delay when, at the recent arrival rate, no further
 *                       item is expected within it (an idle model then serves a lone item at once; under load
 *                       batches fill as before)
 */
public record BatchPolicy(int capacity, int maxBatchSize, List<Integer> preferredSizes, Duration maxDelay, int levels,
                          Duration maxStarvation, boolean adaptiveDelay) {

    /** A policy that always waits the full delay for a batch to fill. */
    public BatchPolicy(int capacity, int maxBatchSize, List<Integer> preferredSizes, Duration maxDelay, int levels,
                       Duration maxStarvation) {
        this(capacity, maxBatchSize, preferredSizes, maxDelay, levels, maxStarvation, false);
    }

    public BatchPolicy {
        if (maxBatchSize < 1 || capacity < maxBatchSize) {
            throw new IllegalArgumentException("need 1 <= maxBatchSize <= capacity, got " + maxBatchSize + " and " + capacity);
        }
        if (levels < 1) {
            throw new IllegalArgumentException("need at least one priority level, got " + levels);
        }
        preferredSizes = List.copyOf(preferredSizes);
        for (int p : preferredSizes) {
            if (p < 1 || p > maxBatchSize) {
                throw new IllegalArgumentException("preferred batch size " + p + " is not within 1.." + maxBatchSize);
            }
        }
    }

    /** A policy without preferred sizes or priorities. */
    public static BatchPolicy simple(int capacity, int maxBatchSize, Duration maxDelay) {
        return new BatchPolicy(capacity, maxBatchSize, List.of(), maxDelay, 1, Duration.ofSeconds(1));
    }

    /** The queue size at which a batch closes at once. */
    int closeAt() {
        return preferredSizes.stream().mapToInt(Integer::intValue).max().orElse(maxBatchSize);
    }

    /** How many of {@code queued} items a batch takes when it closes. */
    int take(int queued) {
        if (queued >= maxBatchSize) {
            return maxBatchSize;
        }
        return preferredSizes.stream().mapToInt(Integer::intValue).filter(p -> p <= queued).max().orElse(queued);
    }
}
