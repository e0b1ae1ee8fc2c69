package io.braid.common.pipeline;

import io.braid.common.tensor.DType;

import java.nio.file.Path;
import java.util.List;

/**
 * A model of the repository, as read from {@code models/<name>/model.yaml}.
 *
 * @param name      model name (the folder name)
 * @param engine    inference engine; {@code PyTorch} (TorchScript)
 * @param file      the model file, relative to {@code directory}
 * @param directory the model's folder
 * @param pool      the inference pool that serves it
 * @param device    {@code cpu} or {@code gpu}
 * @param input     input tensor of one item (without the batch dimension)
 * @param output    output tensor of one item (without the batch dimension)
 * @param labels    class labels in output order; empty when the output is not a classification
 * @param batching  dynamic batching knobs
 * @param instances predictors per device
 * @param threads   intra-op threads per predictor
 */
public record ModelSpec(String name, String engine, String file, Path directory, String pool, Device device,
                        TensorSpec input, TensorSpec output, List<String> labels, Batching batching,
                        int instances, int threads) {

    /** Where a model runs. */
    public enum Device { CPU, GPU }

    /** Element type and per-item shape of a tensor. */
    public record TensorSpec(DType dtype, long[] shape) {
    }

    /**
     * Dynamic batching knobs.
     *
     * @param maxBatchSize        a batch closes when it holds this many items
     * @param maxBatchDelayMs     ... or when its oldest item has waited this long
     * @param preferredBatchSizes sizes worth waiting for (each ≤ maxBatchSize); empty when none
     * @param maxQueueSize        queued items beyond which new work is refused as overload
     * @param priorityLevels      queues by job priority (priority p goes to level min(max(p,0), levels-1)); higher first
     * @param maxStarvationMs     a lower level's oldest item waits at most this long before it is served first
     */
    public record Batching(int maxBatchSize, long maxBatchDelayMs, List<Integer> preferredBatchSizes,
                           int maxQueueSize, int priorityLevels, long maxStarvationMs, boolean adaptiveDelay) {

        /** Batching that always waits the full delay for a batch to fill. */
        public Batching(int maxBatchSize, long maxBatchDelayMs, List<Integer> preferredBatchSizes, int maxQueueSize,
                        int priorityLevels, long maxStarvationMs) {
            this(maxBatchSize, maxBatchDelayMs, preferredBatchSizes, maxQueueSize, priorityLevels, maxStarvationMs, false);
        }

        /** The queue size at which a batch closes without waiting: the largest preferred size, else the maximum. */
        public int closeAt() {
            return preferredBatchSizes.stream().mapToInt(Integer::intValue).max().orElse(maxBatchSize);
        }
    }

    public Path modelFile() {
        return directory.resolve(file);
    }
}
