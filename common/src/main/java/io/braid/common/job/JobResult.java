package io.braid.common.job;

import io.braid.common.wire.BranchOutput;

import java.util.List;
import java.util.Map;

/**
 * The result of a finished job, one entry per input item, each with every branch's outcome.
 *
 * @param items     per input item, in input order (after a plan: per subtask)
 * @param output    the job's output: the job-level synthesis output of a pipeline with a plan and a synthesis;
 *                  null otherwise
 * @param synthesis the job-level synthesis call (plan pipelines only); null when the pipeline has none
 * @param plan      the plan call, its {@code output.data} the subtasks; null when the pipeline has no plan
 */
public record JobResult(List<ItemResult> items, BranchOutput output, BranchResult synthesis, BranchResult plan) {

    /** A result of items alone (no plan, no job-level synthesis). */
    public JobResult(List<ItemResult> items) {
        this(items, null, null, null);
    }

    /**
     * @param id       the client's item id
     * @param index    position in the job's inputs
     * @param status   {@code ok}, {@code partial} (some branches failed but were tolerated) or {@code failed}
     * @param output   the reduced output, null when no branch succeeded
     * @param reducer  the reducer that produced {@code output}
     * @param note     how the reducer decided, when it had a choice to make (e.g. a broken vote tie)
     * @param branches every branch by name
     * @param synthesis the item's synthesis call (its output is then {@code output}, {@code reducer} is
     *                  {@code synthesis}); null when the pipeline has no per-item synthesis
     */
    public record ItemResult(String id, int index, String status, BranchOutput output, String reducer, String note,
                             Map<String, BranchResult> branches, BranchResult synthesis) {

        /** An item without synthesis. */
        public ItemResult(String id, int index, String status, BranchOutput output, String reducer, String note,
                          Map<String, BranchResult> branches) {
            this(id, index, status, output, reducer, note, branches, null);
        }
    }

    /**
     * @param status    {@code ok | error | timeout | cancelled | skipped}; for a synthesis never run because no
     *                  branch succeeded, {@code skipped}
     * @param output    the branch output when ok
     * @param error     code and message when not ok
     * @param attempts  delivery attempts used
     * @param latencyMs from task creation to outcome; null when the branch never reported
     * @param timings   milliseconds per stage
     */
    public record BranchResult(String status, BranchOutput output, ErrorView error, Integer attempts, Long latencyMs,
                               Map<String, Long> timings) {
    }

    /** The public view of a task error. */
    public record ErrorView(String code, String message, String stage) {
    }
}
