package io.braid.dispatcher.join;

import io.braid.common.job.JobResult;
import io.braid.common.job.JobResult.BranchResult;
import io.braid.common.job.JobResult.ErrorView;
import io.braid.common.job.JobResult.ItemResult;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.JobStatus;
import io.braid.common.wire.OutcomeStatus;
import io.braid.common.wire.TaskOutcome;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a joined job's status and result from its recorded outcomes. Every branch of every item
 * appears; a branch that never reported is {@code timeout} (deadline), {@code cancelled} (job
 * cancelled, or its item decided without it).
 */
public final class ResultAssembler {
    private ResultAssembler() {
    }

    /** The assembled terminal status and result; {@code error}: a job-level error message (a failed plan), or null. */
    public record Assembled(JobStatus status, JobResult result, String error) {
        public Assembled(JobStatus status, JobResult result) {
            this(status, result, null);
        }
    }

    /**
     * @param pipeline the job's pipeline
     * @param rule     the job's join rule
     * @param onTimeout what a deadline join of this job produces
     * @param itemIds  the client's item ids, in input order
     * @param outcomes every recorded outcome (first per task)
     * @param reason   why the job joined
     * @param deadlinePassed whether the job's deadline had passed when it joined: the never-reported
     *                 branches of an item that timed out are then {@code timeout}, not {@code cancelled}
     * @param labels   class labels used by the reducer
     * @param topK     entries of the reduced top-k list
     */
    public static Assembled assemble(PipelineDefinition pipeline, JoinRule rule, PipelineDefinition.OnTimeout onTimeout,
                                     List<String> itemIds,
                                     Collection<TaskOutcome> outcomes, JoinReason reason, boolean deadlinePassed,
                                     List<String> labels, int topK) {
        Map<Integer, Map<String, TaskOutcome>> byItem = new HashMap<>();
        for (TaskOutcome o : outcomes) {
            byItem.computeIfAbsent(o.item(), i -> new HashMap<>()).putIfAbsent(o.branch(), o);
        }
        JoinDecision.Synthesis synthesis = JoinDecision.Synthesis.of(pipeline);
        boolean lateJob = deadlinePassed || reason == JoinReason.DEADLINE;
        Map<String, TaskOutcome> ofJob = byItem.getOrDefault(0, Map.of());
        BranchResult plan = null;
        if (pipeline.plan() != null) {
            SystemResults.Planned planned = SystemResults.plan(ofJob.get(PipelineDefinition.PLAN_BRANCH), pipeline, reason,
                    lateJob);
            if (planned.error() != null) {
                return new Assembled(planned.failed(), new JobResult(List.of(), null, null, planned.result()),
                        planned.error());
            }
            plan = planned.result();
        }
        List<ItemResult> items = new ArrayList<>();
        List<ItemState> states = new ArrayList<>();
        boolean pending = false;
        int okItems = 0;
        for (int i = 0; i < itemIds.size(); i++) {
            Map<String, TaskOutcome> reported = byItem.getOrDefault(i, Map.of());
            Map<String, BranchResult> branches = new LinkedHashMap<>();
            Map<String, BranchOutput> okOutputs = new LinkedHashMap<>();
            int ok = 0;
            int failed = 0;
            for (String branch : pipeline.branchNames()) {
                TaskOutcome o = reported.get(branch);
                if (o != null && o.status() == OutcomeStatus.OK) {
                    ok++;
                    okOutputs.put(branch, o.output());
                } else if (o != null) {
                    failed++;
                }
            }
            ItemState state = JoinDecision.item(rule, ok, failed);
            pending |= !state.decided();
            if (reason == JoinReason.DEADLINE) {
                state = JoinDecision.atDeadline(state, ok);
            } else if (reason == JoinReason.CANCELLED && !state.decided()) {
                state = ok > 0 ? ItemState.DEGRADED : ItemState.FAILED;
            }
            boolean timedOut = reported.values().stream().anyMatch(o -> o.status() == OutcomeStatus.TIMEOUT);
            boolean late = reason == JoinReason.DEADLINE && !JoinDecision.item(rule, ok, failed).decided()
                    || deadlinePassed && timedOut;
            String missing = late && reason != JoinReason.CANCELLED ? "timeout" : "cancelled";
            for (String branch : pipeline.branchNames()) {
                branches.put(branch, branch(reported.get(branch), missing));
            }
            // collect combines nothing; a pipeline of one branch still has that branch's output as the item's
            Reducers.Reduction r = pipeline.reducer() == PipelineDefinition.Reducer.COLLECT
                    && pipeline.branches().size() == 1 && okOutputs.size() == 1
                    ? new Reducers.Reduction(okOutputs.values().iterator().next(), null)
                    : Reducers.reduce(pipeline.reducer(), okOutputs, labels, topK);
            BranchOutput output = r.output();
            String reducer = pipeline.reducer().name().toLowerCase(Locale.ROOT);
            String note = r.note();
            BranchResult synthesized = null;
            okItems += ok > 0 ? 1 : 0;
            if (synthesis == JoinDecision.Synthesis.ITEM) {
                TaskOutcome so = reported.get(PipelineDefinition.SYNTHESIS_BRANCH);
                synthesized = SystemResults.synthesis(so, ok > 0, lateJob);
                if (SystemResults.ok(so)) {
                    output = so.output();
                    reducer = "synthesis";
                    note = null;
                } else if (state == ItemState.SUCCEEDED) {
                    // the branches' outputs are kept, reduced; the missing synthesis makes the item partial
                    state = ItemState.DEGRADED;
                }
            }
            states.add(state);
            items.add(new ItemResult(itemIds.get(i), i, itemStatus(state), output, reducer, note, branches, synthesized));
        }
        boolean timedOut = outcomes.stream().anyMatch(o -> o.status() == OutcomeStatus.TIMEOUT);
        JobStatus status = reason == JoinReason.CANCELLED ? JobStatus.CANCELLED
                : JoinDecision.job(states, reason == JoinReason.DEADLINE || timedOut, pending, onTimeout);
        if (synthesis != JoinDecision.Synthesis.JOB) {
            return new Assembled(status, new JobResult(items, null, null, plan));
        }
        TaskOutcome so = ofJob.get(PipelineDefinition.SYNTHESIS_BRANCH);
        BranchResult synthesized = SystemResults.synthesis(so, okItems > 0, lateJob);
        if (!SystemResults.ok(so) && status == JobStatus.SUCCEEDED) {
            status = JobStatus.PARTIAL;
        }
        return new Assembled(status, new JobResult(items, SystemResults.ok(so) ? so.output() : null, synthesized, plan));
    }

    private static String itemStatus(ItemState state) {
        return switch (state) {
            case SUCCEEDED -> "ok";
            case DEGRADED -> "partial";
            case FAILED, PENDING -> "failed";
        };
    }

    private static BranchResult branch(TaskOutcome o, String missingStatus) {
        if (o == null) {
            return new BranchResult(missingStatus, null, null, null, null, null);
        }
        ErrorView error = o.error() == null ? null
                : new ErrorView(o.error().code().name(), o.error().message(), o.error().stage());
        return new BranchResult(o.status().apiName(), o.output(), error, o.attempts(), o.latencyMs(), o.timings());
    }
}
