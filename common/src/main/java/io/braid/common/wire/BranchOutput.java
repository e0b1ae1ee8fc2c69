package io.braid.common.wire;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What a branch produced for one item: a classification ({@code label}, {@code probabilities}, {@code topK}),
 * a text (a chat model's reply, with its token usage and finish reason), a JSON value, or a vector (an
 * embedding). Fields that do not apply are null and left out of the JSON.
 *
 * @param label         the most probable label
 * @param probabilities the full probability vector, in label order
 * @param topK          the k most probable labels, best first
 * @param text          a text output
 * @param data          a JSON output (e.g. a remote model's outputs, a plan's subtasks)
 * @param vector        a vector output (an embedding)
 * @param usage         tokens a remote model reported for the call
 * @param finishReason  why a chat model stopped ({@code stop}, {@code length}, ...)
 */
public record BranchOutput(String label, double[] probabilities, List<LabelScore> topK, String text, JsonNode data,
                           float[] vector, Usage usage, String finishReason) {

    /** A classification output. */
    public BranchOutput(String label, double[] probabilities, List<LabelScore> topK) {
        this(label, probabilities, topK, null, null, null, null, null);
    }

    /** A text output with its usage and finish reason (either may be null). */
    public static BranchOutput text(String text, Usage usage, String finishReason) {
        return new BranchOutput(null, null, null, text, null, null, usage, finishReason);
    }

    /** A JSON output. */
    public static BranchOutput data(JsonNode data) {
        return new BranchOutput(null, null, null, null, data, null, null, null);
    }

    /** A vector output. */
    public static BranchOutput vector(float[] vector, Usage usage) {
        return new BranchOutput(null, null, null, null, null, vector, usage, null);
    }

    /** Probability of the top label. */
    public double confidence() {
        return topK == null || topK.isEmpty() ? 0.0 : topK.get(0).probability();
    }

    /** Whether this is a classification (a label with its scores). */
    public boolean classification() {
        return label != null;
    }

    /**
     * Token counts of a remote call.
     *
     * @param promptTokens     tokens of the request
     * @param completionTokens tokens of the answer (0 for embeddings)
     * @param totalTokens      their sum, as the remote reported it
     */
    public record Usage(long promptTokens, long completionTokens, long totalTokens) {
    }
}
