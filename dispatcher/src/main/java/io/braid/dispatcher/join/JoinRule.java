package io.braid.dispatcher.join;

import io.braid.common.pipeline.PipelineDefinition.JoinPolicy;
import io.braid.common.pipeline.PipelineDefinition.JoinSpec;

/**
 * The per-item join rule in numbers, the form the fan-in store evaluates atomically:
 * an item is decided when {@code ok >= need} (succeeded), when {@code failed > tolerate} (failed),
 * or when every branch ended.
 *
 * @param branches branches per item
 * @param need     successful branches that decide an item (all: every branch, quorum: k, first: 1)
 * @param tolerate failed branches an item survives
 */
public record JoinRule(int branches, int need, int tolerate) {

    public JoinRule {
        if (branches < 1 || need < 1 || need > branches || tolerate < 0 || tolerate > branches) {
            throw new IllegalArgumentException("inconsistent join rule: branches=" + branches + " need=" + need
                    + " tolerate=" + tolerate);
        }
    }

    /** Derives the rule of a pipeline's join spec for its number of branches. */
    public static JoinRule of(JoinSpec spec, int branches) {
        int need = switch (spec.policy()) {
            case ALL -> branches;
            case QUORUM -> Math.min(spec.quorum(), branches);
            case FIRST -> 1;
        };
        int reachable = branches - need;
        int tolerate;
        if (spec.policy() == JoinPolicy.ALL) {
            tolerate = Math.max(0, Math.min(spec.maxFailures(), branches));
        } else {
            tolerate = spec.maxFailures() < 0 ? reachable : Math.min(spec.maxFailures(), reachable);
        }
        return new JoinRule(branches, need, tolerate);
    }
}
