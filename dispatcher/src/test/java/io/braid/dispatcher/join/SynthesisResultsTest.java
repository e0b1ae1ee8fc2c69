package io.braid.dispatcher.join;

import io.braid.common.job.JobResult;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.JobStatus;
import io.braid.common.wire.Json;
import io.braid.common.wire.OutcomeStatus;
import io.braid.common.wire.TaskError;
import io.braid.common.wire.TaskOutcome;
import io.braid.dispatcher.plan.AgentPipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a synthesis and a plan make of a job's result. */
class SynthesisResultsTest {
    @TempDir
    Path root;

    private static final BranchOutput.Usage USAGE = new BranchOutput.Usage(10, 5, 15);

    private static TaskOutcome ok(int item, String branch, String text) {
        return new TaskOutcome("j", TaskOutcome.taskId("j", item, branch), item, branch, OutcomeStatus.OK,
                BranchOutput.text(text, USAGE, "stop"), null, 1, 12, Map.of());
    }

    private static TaskOutcome failed(int item, String branch, OutcomeStatus status) {
        return new TaskOutcome("j", TaskOutcome.taskId("j", item, branch), item, branch, status, null,
                TaskError.of(status == OutcomeStatus.TIMEOUT ? ErrorCode.DEADLINE_EXCEEDED : ErrorCode.INFERENCE_FAILED,
                        "inference", "it broke"), 1, 5, Map.of());
    }

    private static TaskOutcome plan(String json) throws Exception {
        return new TaskOutcome("j", TaskOutcome.taskId("j", 0, PipelineDefinition.PLAN_BRANCH), 0,
                PipelineDefinition.PLAN_BRANCH, OutcomeStatus.OK, BranchOutput.data(Json.MAPPER.readTree(json)), null, 1, 9,
                Map.of());
    }

    private static ResultAssembler.Assembled assemble(PipelineDefinition p, List<String> ids, List<TaskOutcome> outcomes,
                                                      JoinReason reason) {
        return ResultAssembler.assemble(p, JoinRule.of(p.join(), p.branches().size()), p.join().onTimeout(), ids, outcomes,
                reason, reason == JoinReason.DEADLINE, List.of(), 1);
    }

    @Test
    void aSuccessfulSynthesisIsTheItemsOutputAndTheBranchOutputsStay() {
        PipelineDefinition p = new AgentPipelines(root).synthesis();
        List<TaskOutcome> outs = List.of(ok(0, "a", "A"), ok(0, "b", "B"), ok(0, "_synthesis", "merged"));
        ResultAssembler.Assembled a = assemble(p, List.of("q"), outs, JoinReason.COMPLETE);
        assertThat(a.status()).isEqualTo(JobStatus.SUCCEEDED);
        JobResult.ItemResult item = a.result().items().get(0);
        assertThat(item.status()).isEqualTo("ok");
        assertThat(item.output().text()).isEqualTo("merged");
        assertThat(item.output().usage()).isEqualTo(USAGE);
        assertThat(item.reducer()).isEqualTo("synthesis");
        assertThat(item.synthesis().status()).isEqualTo("ok");
        assertThat(item.branches()).containsOnlyKeys("a", "b");
        assertThat(item.branches().get("a").output().text()).isEqualTo("A");
    }

    @Test
    void aFailedSynthesisLeavesThePartialItemWithTheReducedBranchesAndTheError() {
        PipelineDefinition p = new AgentPipelines(root).synthesis();
        List<TaskOutcome> outs = List.of(ok(0, "a", "A"), ok(0, "b", "B"), failed(0, "_synthesis", OutcomeStatus.ERROR));
        ResultAssembler.Assembled a = assemble(p, List.of("q"), outs, JoinReason.COMPLETE);
        assertThat(a.status()).as("every item succeeded but its synthesis failed").isEqualTo(JobStatus.PARTIAL);
        JobResult.ItemResult item = a.result().items().get(0);
        assertThat(item.status()).isEqualTo("partial");
        assertThat(item.reducer()).isEqualTo("collect");
        assertThat(item.synthesis().status()).isEqualTo("error");
        assertThat(item.synthesis().error().code()).isEqualTo("INFERENCE_FAILED");
        assertThat(item.branches().get("b").status()).isEqualTo("ok");
    }

    @Test
    void aSynthesisTheDeadlineCutOffIsATimeoutAndAnItemWithoutOkBranchesSkipsIt() {
        PipelineDefinition p = new AgentPipelines(root).synthesis();
        List<TaskOutcome> outs = new ArrayList<>(List.of(ok(0, "a", "A"), ok(0, "b", "B"),
                failed(1, "a", OutcomeStatus.ERROR), failed(1, "b", OutcomeStatus.ERROR)));
        ResultAssembler.Assembled a = assemble(p, List.of("q", "r"), outs, JoinReason.DEADLINE);
        assertThat(a.result().items().get(0).status()).isEqualTo("partial");
        assertThat(a.result().items().get(0).synthesis().status()).isEqualTo("timeout");
        assertThat(a.result().items().get(1).status()).isEqualTo("failed");
        assertThat(a.result().items().get(1).synthesis().status()).isEqualTo("skipped");
        assertThat(a.status()).isEqualTo(JobStatus.PARTIAL);
    }

    @Test
    void aPipelineWithoutSynthesisShowsNone() {
        PipelineDefinition p = new AgentPipelines(root).synthesis();
        PipelineDefinition plain = new PipelineDefinition(p.name(), null, p.input(), null, p.branches(), null, p.join(),
                p.reducer(), p.retry(), p.itemsPerTask());
        ResultAssembler.Assembled a = assemble(plain, List.of("q"), List.of(ok(0, "a", "A"), ok(0, "b", "B")),
                JoinReason.COMPLETE);
        assertThat(a.result().items().get(0).synthesis()).isNull();
        assertThat(a.result().plan()).isNull();
        assertThat(Json.writeString(a.result())).doesNotContain("synthesis").doesNotContain("plan");
    }

    @Test
    void aPlanJobsOutputIsItsJobLevelSynthesisWithThePlanAndEverySubtaskInTheResult() throws Exception {
        PipelineDefinition p = new AgentPipelines(root).plan();
        List<TaskOutcome> outs = List.of(plan("[\"x\", \"y\"]"), ok(0, "a", "A0"), ok(0, "b", "B0"), ok(1, "a", "A1"),
                ok(1, "b", "B1"), ok(0, "_synthesis", "all"));
        ResultAssembler.Assembled a = assemble(p, List.of("subtask-0", "subtask-1"), outs, JoinReason.COMPLETE);
        assertThat(a.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(a.result().output().text()).isEqualTo("all");
        assertThat(a.result().synthesis().status()).isEqualTo("ok");
        assertThat(a.result().plan().output().data()).hasSize(2);
        assertThat(a.result().items()).extracting(JobResult.ItemResult::id).containsExactly("subtask-0", "subtask-1");
        assertThat(a.result().items().get(0).synthesis()).as("no per-item synthesis").isNull();
        assertThat(a.result().items().get(0).branches()).containsOnlyKeys("a", "b");
    }

    @Test
    void aPlanJobWhoseSynthesisFailedIsPartialWithoutOutput() throws Exception {
        PipelineDefinition p = new AgentPipelines(root).plan();
        List<TaskOutcome> outs = List.of(plan("[\"x\"]"), ok(0, "a", "A0"), ok(0, "b", "B0"),
                failed(0, "_synthesis", OutcomeStatus.ERROR));
        ResultAssembler.Assembled a = assemble(p, List.of("subtask-0"), outs, JoinReason.COMPLETE);
        assertThat(a.status()).isEqualTo(JobStatus.PARTIAL);
        assertThat(a.result().output()).isNull();
        assertThat(a.result().synthesis().error().message()).isEqualTo("it broke");
    }

    @Test
    void aPlanTooLargeFailsTheJobWithATypedErrorAndAFailedPlanWithItsError() throws Exception {
        PipelineDefinition p = new AgentPipelines(root).plan();
        ResultAssembler.Assembled big = assemble(p, List.of(), List.of(plan("[1,2,3,4,5]")), JoinReason.COMPLETE);
        assertThat(big.status()).isEqualTo(JobStatus.FAILED);
        assertThat(big.error()).isEqualTo("the plan has 5 subtasks; pipeline triage allows at most 3 (plan.maxSubtasks)");
        assertThat(big.result().plan().error().code()).isEqualTo("PLAN_INVALID");
        assertThat(big.result().items()).isEmpty();

        ResultAssembler.Assembled broken = assemble(p, List.of(),
                List.of(failed(0, PipelineDefinition.PLAN_BRANCH, OutcomeStatus.ERROR)), JoinReason.COMPLETE);
        assertThat(broken.status()).isEqualTo(JobStatus.FAILED);
        assertThat(broken.error()).contains("INFERENCE_FAILED").contains("it broke");

        ResultAssembler.Assembled late = assemble(p, List.of(), List.of(), JoinReason.DEADLINE);
        assertThat(late.status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(late.result().plan().status()).isEqualTo("timeout");
    }
}
