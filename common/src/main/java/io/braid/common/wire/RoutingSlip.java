package io.braid.common.wire;

import java.util.List;

/**
 * The remaining route of a task. The head of {@link #steps()} is the step being executed now;
 * after the last step the task forks into {@link #forks()} (one copy per branch), and a task with
 * neither steps nor forks left goes to {@link Topics#RESULTS}. Stages therefore need no knowledge
 * of the pipeline: a preprocess step runs once per item and its tensor is forked to every branch.
 *
 * @param steps the linear steps still to run, current one first
 * @param forks the branches that start after the last step
 */
public record RoutingSlip(List<Step> steps, List<Fork> forks) {

    /** A branch that continues with its own slip. */
    public record Fork(String branch, RoutingSlip slip) {
    }

    public RoutingSlip {
        steps = steps == null ? List.of() : List.copyOf(steps);
        forks = forks == null ? List.of() : List.copyOf(forks);
    }

    /** The step the receiving stage must execute. */
    public Step current() {
        if (steps.isEmpty()) {
            throw new IllegalStateException("routing slip has no current step");
        }
        return steps.get(0);
    }

    /** The slip after the current step is done. */
    public RoutingSlip advance() {
        return new RoutingSlip(steps.isEmpty() ? List.of() : steps.subList(1, steps.size()), forks);
    }

    /** True when nothing follows: the next record is the task's outcome. */
    public boolean finished() {
        return steps.isEmpty() && forks.isEmpty();
    }
}
