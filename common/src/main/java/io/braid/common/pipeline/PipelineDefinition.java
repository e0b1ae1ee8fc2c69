package io.braid.common.pipeline;

import java.util.List;
import java.util.Map;

/**
 * A pipeline as read from {@code pipelines/<name>.yaml}: preprocess once per item, then one
 * branch per model, then postprocess, joined under a policy and reduced to one output per item.
 *
 * @param name        pipeline name (the file name without {@code .yaml})
 * @param description free text
 * @param input       input type; {@code image}
 * @param preprocess  the operator run once per item before the fork
 * @param branches    the branches, at least one, unique names
 * @param postprocess the operator run on each branch's inference output
 * @param join        the join policy
 * @param reducer     how branch outputs of one item combine
 * @param retry       how stages retry retryable failures of this pipeline's tasks
 * @param itemsPerTask most items of one job that travel together in one task record (one record per
 *                    stage for up to this many items instead of one per item; 1 turns bundling off)
 */
public record PipelineDefinition(String name, String description, String input, Operator preprocess,
                                 List<Branch> branches, Operator postprocess, JoinSpec join, Reducer reducer,
                                 Retry retry, int itemsPerTask) {
    /** Items per task record when a pipeline does not say. */
    public static final int DEFAULT_ITEMS_PER_TASK = 32;

    /**
     * Retries of retryable task errors at a stage: exponential backoff with jitter.
     *
     * @param maxAttempts attempts per stage, the first included
     * @param backoffMs   wait before the first retry; doubles each time, ±50 % jitter
     */
    public record Retry(int maxAttempts, long backoffMs) {
        public static final Retry DEFAULT = new Retry(3, 50);

        /** The {@code braid-retry} header value: {@code maxAttempts/backoffMs}. */
        public String header() {
            return maxAttempts + "/" + backoffMs;
        }
    }

    /** An operator name with its parameters. */
    public record Operator(String op, Map<String, Object> params) {
        public Operator {
            params = params == null ? Map.of() : Map.copyOf(params);
        }
    }

    /** One branch: a model, optionally with its own postprocess operator. */
    public record Branch(String name, String model, Operator postprocess) {
    }

    /** How branch outputs of one item combine into the item's output. */
    public enum Reducer { COLLECT, VOTE, MEAN, BEST }

    /** When the join fires. */
    public enum JoinPolicy { ALL, QUORUM, FIRST }

    /** What a deadline that passes before the join produces. */
    public enum OnTimeout { PARTIAL, FAIL }

    /**
     * The join policy of a pipeline.
     *
     * @param policy      all, quorum or first
     * @param quorum      successful branches per item needed by {@code quorum}
     * @param maxFailures failed branches an item tolerates before it fails; -1 for the policy default
     *                    (all: 0; quorum and first: as many as still leave the quorum reachable)
     * @param deadlineMs  default deadline of a job, from submission
     * @param onTimeout   partial result or failure when the deadline passes first
     */
    public record JoinSpec(JoinPolicy policy, int quorum, int maxFailures, long deadlineMs, OnTimeout onTimeout) {
    }

    public List<String> branchNames() {
        return branches.stream().map(Branch::name).toList();
    }
}
