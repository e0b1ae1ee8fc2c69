package io.braid.common.pipeline;

import java.util.List;
import java.util.Map;

/**
 * A pipeline as read from {@code pipelines/<name>.yaml}: preprocess once per item, then one
 * branch per model, then postprocess, joined under a policy and reduced to one output per item.
 *
 * @param name        pipeline name (the file name without {@code .yaml})
 * @param description free text
 * @param input       input kind: {@code image}, {@code text}, {@code json} or {@code tensor}
 * @param preprocess  the operator run once per item before the fork; null when the items go to the branches as they are
 * @param branches    the branches, at least one, unique names
 * @param postprocess the operator run on each branch's inference output; null when each branch's model implies it
 *                    ({@link #postprocessOf})
 * @param join        the join policy
 * @param reducer     how branch outputs of one item combine
 * @param retry       how stages retry retryable failures of this pipeline's tasks
 * @param itemsPerTask most items of one job that travel together in one task record (one record per
 *                    stage for up to this many items instead of one per item; 1 turns bundling off)
 * @param inputFields  the fields of a JSON item that templates may name; empty when not declared (then unchecked)
 * @param synthesis    the model call that merges an item's branch outputs after its join; null when none
 * @param plan         the model call that splits the job's input into subtasks, each an item; null when none
 */
public record PipelineDefinition(String name, String description, String input, Operator preprocess,
                                 List<Branch> branches, Operator postprocess, JoinSpec join, Reducer reducer,
                                 Retry retry, int itemsPerTask, List<String> inputFields, Synthesis synthesis,
                                 Plan plan) {

    public PipelineDefinition {
        inputFields = inputFields == null ? List.of() : List.copyOf(inputFields);
    }

    /** A pipeline without plan or synthesis. */
    public PipelineDefinition(String name, String description, String input, Operator preprocess,
                              List<Branch> branches, Operator postprocess, JoinSpec join, Reducer reducer,
                              Retry retry, int itemsPerTask) {
        this(name, description, input, preprocess, branches, postprocess, join, reducer, retry, itemsPerTask, List.of(),
                null, null);
    }

    /** Branch name under which a synthesis outcome is recorded (not a valid branch name, so never a clash). */
    public static final String SYNTHESIS_BRANCH = "_synthesis";
    /** Branch name under which a plan outcome is recorded. */
    public static final String PLAN_BRANCH = "_plan";

    /**
     * One more model call after an item's join: it receives the item's input and branch outputs through its prompt
     * template, and its output becomes the item's output.
     *
     * @param model     a text model (http, openai-chat)
     * @param system    its system prompt; null for none
     * @param prompt    the user message template over {@code input}, {@code branches}, {@code branches.<name>}
     *                  (and {@code subtasks} after a plan)
     * @param reserveMs the part of the job's deadline kept for this call: branches must end that much earlier
     */
    public record Synthesis(String model, String system, String prompt, long reserveMs) {
    }

    /**
     * The model call that splits a job's one input into subtasks (the master of master-worker): its reply is a JSON
     * array whose elements (strings or objects) become the job's items.
     *
     * @param model       a text model (http, openai-chat) answering a JSON array
     * @param system      its system prompt; null for none
     * @param prompt      the user message template over {@code input}
     * @param maxSubtasks most subtasks accepted; a larger plan fails the job with a typed error
     */
    public record Plan(String model, String system, String prompt, int maxSubtasks) {
    }
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

    /**
     * One branch: a model, optionally with its own postprocess operator and, for a text model, its prompts.
     *
     * @param system the system prompt of a chat model; null for none
     * @param prompt the user message template over the item's fields; null for the item's text as it is
     */
    public record Branch(String name, String model, Operator postprocess, String system, String prompt) {
        public Branch(String name, String model, Operator postprocess) {
            this(name, model, postprocess, null, null);
        }
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

    /** The postprocess operator of a branch: its own, else the pipeline's, else the one its model's output implies. */
    public Operator postprocessOf(Branch branch, ModelSpec model) {
        if (branch.postprocess() != null) {
            return branch.postprocess();
        }
        if (postprocess != null) {
            return postprocess;
        }
        if (model.remote() && model.http().protocol() == HttpSpec.Protocol.OPENAI_CHAT) {
            return new Operator("text-output", Map.of());
        }
        if (model.remote() && model.http().protocol() == HttpSpec.Protocol.OPENAI_EMBEDDINGS) {
            return new Operator("embedding-output", Map.of());
        }
        return new Operator("classify", Map.of());
    }

    public List<String> branchNames() {
        return branches.stream().map(Branch::name).toList();
    }
}
