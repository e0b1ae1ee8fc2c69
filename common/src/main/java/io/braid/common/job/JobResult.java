package io.braid.common.job;

import io.braid.common.wire.BranchOutput;

import java.util.List;
import java.util.Map;

/**
 * The result of a finished job, one entry per input item, each with every branch's outcome.
 *
 * @param items per input item, in input order
 */
public record JobResult(List<ItemResult> items) {

    /**
     * @param id       the client's item id
     * @param index    position in the job's inputs
     * @param status   {@code ok}, {@code partial} (some branches failed but were tolerated) or {@code failed}
     * @param output   the reduced output, null when no branch succeeded
     * @param reducer  the reducer that produced {@code output}
     * @param note     how the reducer decided, when it had a choice to make (e.g. a broken vote tie)
     * @param branches every branch by name
     */
    public record ItemResult(String id, int index, String status, BranchOutput output, String reducer, String note,
                             Map<String, BranchResult> branches) {
    }

    /**
     * @param status    {@code ok | error | timeout | cancelled | skipped}
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
