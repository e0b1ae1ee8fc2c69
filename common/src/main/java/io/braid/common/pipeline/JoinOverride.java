package io.braid.common.pipeline;

import io.braid.common.pipeline.PipelineDefinition.JoinPolicy;
import io.braid.common.pipeline.PipelineDefinition.JoinSpec;
import io.braid.common.pipeline.PipelineDefinition.OnTimeout;

import java.util.Locale;

/**
 * A request's changes to its pipeline's join policy; null fields keep the pipeline's setting.
 * The deadline is not here: it is stamped as an absolute time on the job itself.
 *
 * @param policy      {@code all}, {@code quorum} or {@code first}
 * @param quorum      successful branches per item for {@code quorum}
 * @param maxFailures failed branches an item tolerates
 * @param onTimeout   {@code partial} or {@code fail}
 */
public record JoinOverride(String policy, Integer quorum, Integer maxFailures, String onTimeout) {

    /**
     * The pipeline's join spec with this override applied.
     *
     * @throws IllegalArgumentException naming the field ({@code join.policy}, ...) and what is wrong
     */
    public JoinSpec applyTo(JoinSpec base, int branches) {
        JoinPolicy p = policy == null ? base.policy() : parse(JoinPolicy.class, "join.policy", policy);
        int k = quorum != null ? quorum : (p == JoinPolicy.QUORUM && base.policy() != JoinPolicy.QUORUM ? -1 : base.quorum());
        if (p == JoinPolicy.QUORUM && (k < 1 || k > branches)) {
            throw new IllegalArgumentException("join.quorum must be between 1 and the pipeline's " + branches
                    + " branches" + (k == -1 ? " when join.policy is quorum" : ", got " + k));
        }
        if (maxFailures != null && maxFailures < 0) {
            throw new IllegalArgumentException("join.maxFailures must be >= 0, got " + maxFailures);
        }
        int failures = maxFailures != null ? maxFailures : (p != base.policy() ? -1 : base.maxFailures());
        OnTimeout t = onTimeout == null ? base.onTimeout() : parse(OnTimeout.class, "join.onTimeout", onTimeout);
        return new JoinSpec(p, k, failures, base.deadlineMs(), t);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(field + " '" + value + "' is not one of " + allowed);
        }
    }
}
