package io.braid.common.pipeline;

import io.braid.common.ops.ValueShape;
import io.braid.common.payload.PayloadKind;
import io.braid.common.tensor.DType;

import java.nio.file.Path;
import java.util.List;

/**
 * A model of the repository, as read from {@code models/<name>/model.yaml}.
 *
 * @param name      model name (the folder name)
 * @param engine    inference engine; {@code PyTorch} (TorchScript) for {@code backend: djl}, the protocol for http
 * @param file      the model file, relative to {@code directory}; null for an http model
 * @param directory the model's folder
 * @param pool      the inference pool that serves it
 * @param device    {@code cpu} or {@code gpu} (djl), {@code io} (http): the kind of the pool that serves it
 * @param input     input tensor of one item (without the batch dimension); null for a text model
 * @param output    output tensor of one item (without the batch dimension); null when not a tensor
 * @param labels    class labels in output order; empty when the output is not a classification
 * @param batching  dynamic batching knobs
 * @param instances predictors per device
 * @param threads   intra-op threads per predictor
 * @param backend   {@code djl} (TorchScript in the pool's JVM) or {@code http} (an external model API)
 * @param http      how an http model is called; null for djl
 */
public record ModelSpec(String name, String engine, String file, Path directory, String pool, Device device,
                        TensorSpec input, TensorSpec output, List<String> labels, Batching batching,
                        int instances, int threads, Backend backend, HttpSpec http) {

    /** A TorchScript model run by DJL. */
    public ModelSpec(String name, String engine, String file, Path directory, String pool, Device device,
                     TensorSpec input, TensorSpec output, List<String> labels, Batching batching, int instances,
                     int threads) {
        this(name, engine, file, directory, pool, device, input, output, labels, batching, instances, threads,
                Backend.DJL, null);
    }

    /** Where a model runs: the kind of its pool. */
    public enum Device { CPU, GPU, IO }

    /** What runs a model. */
    public enum Backend { DJL, HTTP }

    /** What this model takes for one item. */
    public ValueShape inputShape() {
        if (backend == Backend.HTTP && http.protocol() != HttpSpec.Protocol.OIP_V2) {
            return ValueShape.of(PayloadKind.TEXT);
        }
        return input == null ? ValueShape.tensor(null, null) : ValueShape.tensor(input.dtype(), input.shape());
    }

    /** What this model makes for one item. */
    public ValueShape outputShape() {
        if (backend == Backend.HTTP && http.protocol() == HttpSpec.Protocol.OPENAI_CHAT) {
            return ValueShape.of(PayloadKind.TEXT);
        }
        if (backend == Backend.HTTP && http.protocol() == HttpSpec.Protocol.OPENAI_EMBEDDINGS) {
            return ValueShape.tensor(DType.FLOAT32, http.dimensions() > 0 ? new long[]{http.dimensions()} : null);
        }
        return output == null ? ValueShape.tensor(null, null) : ValueShape.tensor(output.dtype(), output.shape());
    }

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

    /** Whether an http model (calls leave the process) rather than a local one. */
    public boolean remote() {
        return backend == Backend.HTTP;
    }

    public Path modelFile() {
        return directory.resolve(file);
    }
}
