package io.braid.common.wire;

import java.util.List;

/**
 * What a classification branch produced for one item.
 *
 * @param label         the most probable label
 * @param probabilities the full probability vector, in label order
 * @param topK          the k most probable labels, best first
 */
public record BranchOutput(String label, double[] probabilities, List<LabelScore> topK) {

    /** Probability of the top label. */
    public double confidence() {
        return topK == null || topK.isEmpty() ? 0.0 : topK.get(0).probability();
    }
}
