package io.braid.dispatcher.join;

import io.braid.common.job.JobResult.BranchResult;
import io.braid.common.job.JobResult.ErrorView;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.JobStatus;
import io.braid.common.wire.OutcomeStatus;
import io.braid.common.wire.TaskOutcome;
import io.braid.dispatcher.plan.PlanCheck;

/**
 * The plan and synthesis calls of a job as its result shows them. Plain Java, used by {@link ResultAssembler}.
 */
final class SystemResults {
    private SystemResults() {
    }

    /** The result of a call that reported ({@code o}), or of one that never did ({@code missing}: its status). */
    static BranchResult call(TaskOutcome o, String missing) {
        if (o == null) {
            return new BranchResult(missing, null, null, null, null, null);
        }
        ErrorView error = o.error() == null ? null
                : new ErrorView(o.error().code().name(), o.error().message(), o.error().stage());
        return new BranchResult(o.status().apiName(), o.output(), error, o.attempts(), o.latencyMs(), o.timings());
    }

    /**
     * A synthesis call: what it reported; {@code skipped} when there was nothing to merge (no branch ended ok);
     * else {@code timeout} when the deadline ended the job before its outcome, or {@code cancelled}.
     */
    static BranchResult synthesis(TaskOutcome o, boolean anythingToMerge, boolean late) {
        if (o == null && !anythingToMerge) {
            return new BranchResult("skipped", null, null, null, null, null);
        }
        return call(o, late ? "timeout" : "cancelled");
    }

    static boolean ok(TaskOutcome o) {
        return o != null && o.status() == OutcomeStatus.OK;
    }

    /** What a plan call came to: its result, and the job's error and status when it did not yield subtasks. */
    record Planned(BranchResult result, String error, JobStatus failed) {
    }

    static Planned plan(TaskOutcome o, PipelineDefinition p, JoinReason reason, boolean late) {
        BranchResult result = call(o, late ? "timeout" : "cancelled");
        JobStatus failed = reason == JoinReason.CANCELLED ? JobStatus.CANCELLED
                : late || (o != null && o.status() == OutcomeStatus.TIMEOUT) ? JobStatus.EXPIRED : JobStatus.FAILED;
        if (o == null) {
            return new Planned(result, reason == JoinReason.CANCELLED ? "the job was cancelled before its plan arrived"
                    : "the plan did not arrive before the job's deadline", failed);
        }
        if (o.status() != OutcomeStatus.OK) {
            return new Planned(result, "the plan failed: " + (o.error() == null ? o.status().apiName()
                    : o.error().code() + ": " + o.error().message()), failed);
        }
        PlanCheck.Checked c = PlanCheck.check(o.output(), p);
        if (c.valid()) {
            return new Planned(result, null, null);
        }
        BranchResult refused = new BranchResult("error", o.output(),
                new ErrorView(ErrorCode.PLAN_INVALID.name(), c.error(), "dispatcher"), o.attempts(), o.latencyMs(),
                o.timings());
        return new Planned(refused, c.error(), reason == JoinReason.CANCELLED ? JobStatus.CANCELLED : JobStatus.FAILED);
    }
}
