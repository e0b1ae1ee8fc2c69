package io.braid.common.wire;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Operations on probability vectors shared by the postprocess stage and the reducers. */
public final class Probabilities {
    private Probabilities() {
    }

    /** Index of the largest value; the first one on ties. */
    public static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The k most probable labels, best first; ties keep label order. */
    public static List<LabelScore> topK(double[] p, List<String> labels, int k) {
        return IntStream.range(0, p.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparingInt(i -> i))
                .limit(Math.min(k, p.length))
                .map(i -> new LabelScore(labels.get(i), p[i]))
                .toList();
    }

    /** A classification output from a probability vector. */
    public static BranchOutput output(double[] p, List<String> labels, int k) {
        return new BranchOutput(labels.get(argmax(p)), p, topK(p, labels, k));
    }
}
