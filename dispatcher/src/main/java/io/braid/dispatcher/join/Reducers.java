package io.braid.dispatcher.join;

import io.braid.common.pipeline.PipelineDefinition.Reducer;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.Probabilities;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combine the successful branch outputs of one item into the item's output.
 * <ul>
 * <li>{@code mean}: average of the probability vectors (an ensemble);</li>
 * <li>{@code vote}: the label most branches chose; a tie goes to the tied label with the highest
 *     summed probability, then to the label that comes first in label order, and is reported;</li>
 * <li>{@code best}: the output of the most confident branch (earlier branch on ties);</li>
 * <li>{@code collect}: no combined output; every branch's output is listed by name.</li>
 * </ul>
 */
public final class Reducers {
    private Reducers() {
    }

    /** A reduced output with a note on how a choice was made (null when there was none). */
    public record Reduction(BranchOutput output, String note) {
    }

    /**
     * @param reducer the reducer
     * @param outputs successful branch outputs by branch name, in pipeline branch order
     * @param labels  class labels in probability order
     * @param topK    entries of the reduced top-k list
     */
    public static Reduction reduce(Reducer reducer, Map<String, BranchOutput> outputs, List<String> labels, int topK) {
        if (outputs.isEmpty()) {
            return new Reduction(null, "no branch succeeded");
        }
        return switch (reducer) {
            case COLLECT -> new Reduction(null, null);
            case MEAN -> new Reduction(mean(outputs.values(), labels, topK), null);
            case BEST -> best(outputs);
            case VOTE -> vote(outputs, labels, topK);
        };
    }

    static BranchOutput mean(java.util.Collection<BranchOutput> outputs, List<String> labels, int topK) {
        double[] sum = new double[labels.size()];
        for (BranchOutput o : outputs) {
            double[] p = o.probabilities();
            if (p == null) {
                throw new IllegalArgumentException("a branch output has no probabilities to average");
            }
            if (p.length != sum.length) {
                throw new IllegalArgumentException("cannot average " + p.length + " probabilities with " + sum.length + " labels");
            }
            for (int i = 0; i < p.length; i++) {
                sum[i] += p[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= outputs.size();
        }
        return Probabilities.output(sum, labels, topK);
    }

    static Reduction best(Map<String, BranchOutput> outputs) {
        String bestBranch = null;
        BranchOutput best = null;
        for (Map.Entry<String, BranchOutput> e : outputs.entrySet()) {
            if (best == null || e.getValue().confidence() > best.confidence()) {
                best = e.getValue();
                bestBranch = e.getKey();
            }
        }
        return new Reduction(best, "from branch " + bestBranch);
    }

    static Reduction vote(Map<String, BranchOutput> outputs, List<String> labels, int topK) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        Map<String, Double> mass = new LinkedHashMap<>();
        outputs.values().forEach(o -> {
            votes.merge(o.label(), 1, Integer::sum);
            mass.merge(o.label(), o.confidence(), Double::sum);
        });
        int top = votes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<String> tied = labels.stream().filter(l -> votes.getOrDefault(l, 0) == top).toList();
        String winner = tied.get(0);
        for (String l : tied) {
            if (mass.get(l) > mass.get(winner)) {
                winner = l;
            }
        }
        BranchOutput averaged = mean(outputs.values(), labels, topK);
        BranchOutput result = new BranchOutput(winner, averaged.probabilities(), averaged.topK());
        String note = top + " of " + outputs.size() + " votes";
        if (tied.size() > 1) {
            note += "; tie between " + tied + " broken by summed confidence, then label order";
        }
        return new Reduction(result, note);
    }
}
