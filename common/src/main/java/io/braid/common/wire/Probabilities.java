package io.braid.common.wire;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * The k most probable labels, best first; ties keep label order. A selection of k passes, not a
     * sort: k is small and a vector can have thousands of classes.
     */
    public static List<LabelScore> topK(double[] p, List<String> labels, int k) {
        int n = Math.min(k, p.length);
        boolean[] taken = new boolean[p.length];
        List<LabelScore> out = new ArrayList<>(n);
        for (int round = 0; round < n; round++) {
            int best = -1;
            for (int i = 0; i < p.length; i++) {
                if (!taken[i] && (best < 0 || p[i] > p[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            out.add(new LabelScore(labels.get(best), p[best]));
        }
        return List.copyOf(out);
    }

    /** A classification output from a probability vector. */
    public static BranchOutput output(double[] p, List<String> labels, int k) {
        return new BranchOutput(labels.get(argmax(p)), p, topK(p, labels, k));
    }
}
