package io.braid.dispatcher.plan;

import com.fasterxml.jackson.databind.node.TextNode;
import io.braid.common.payload.PayloadCodec;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.common.wire.Json;
import io.braid.common.wire.RoutingSlip;
import io.braid.common.wire.SlipCodec;
import io.braid.common.wire.TaskOutcome;
import io.braid.common.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records of the dispatcher's own model calls, and the branch deadline a synthesis leaves. */
class SystemTasksTest {
    @TempDir
    Path root;

    private static RoutingSlip slip(Hop hop) {
        return SlipCodec.decode(hop.headers().get(Headers.SLIP).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theBranchesOfASynthesisPipelineEndTheReserveBeforeTheJobsDeadline() {
        AgentPipelines agents = new AgentPipelines(root);
        PipelineDefinition p = agents.synthesis();
        JobRequest job = new JobRequest("j1", "synth", List.of(new JobItem("q", "text/plain", "why?".getBytes())), 10_000,
                3, 100);
        List<Hop> tasks = JobPlanner.plan(job, p, agents.models, 200, 1 << 20);
        assertThat(tasks).isNotEmpty().allSatisfy(t -> assertThat(t.headers().get(Headers.DEADLINE)).isEqualTo("8500"));
        assertThat(JobPlanner.branchDeadline(10_000, agents.plan())).isEqualTo(9_000);
    }

    @Test
    void aSynthesisTaskIsTheRenderedPromptToTheModelsPoolThenTextOutputDueAtTheJobsDeadline() {
        AgentPipelines agents = new AgentPipelines(root);
        PipelineDefinition p = agents.synthesis();
        Map<String, BranchOutput> ok = new LinkedHashMap<>();
        ok.put("a", BranchOutput.text("yes", null, "stop"));
        String prompt = SystemTasks.render(p.synthesis().prompt(), SystemTasks.itemFields(TextNode.valueOf("why?"), ok));
        assertThat(prompt).isEqualTo("Q: why? A said yes; all: {\"a\":{\"text\":\"yes\",\"finishReason\":\"stop\"}}");

        Hop hop = SystemTasks.synthesis("j1", p, agents.models, 4, "q4", prompt, 10_000, 3, 200);
        assertThat(hop.topic()).isEqualTo(Topics.inference("io-remote"));
        assertThat(hop.key()).isEqualTo("j1");
        assertThat(hop.headers()).containsEntry(Headers.JOB_ID, "j1").containsEntry(Headers.PIPELINE, "synth")
                .containsEntry(Headers.ITEM_INDEX, "4").containsEntry(Headers.ITEM_ID, "q4")
                .containsEntry(Headers.BRANCH, PipelineDefinition.SYNTHESIS_BRANCH).containsEntry(Headers.DEADLINE, "10000")
                .containsEntry(Headers.PRIORITY, "3").containsEntry(Headers.ATTEMPT, "1")
                .containsEntry(Headers.CREATED_AT, "200").containsEntry(Headers.RETRY, p.retry().header());
        RoutingSlip slip = slip(hop);
        assertThat(slip.forks()).isEmpty();
        assertThat(slip.steps()).hasSize(2);
        assertThat(slip.steps().get(0).op()).isEqualTo("chat");
        assertThat(slip.steps().get(0).params()).containsExactly(Map.entry("system", "Merge"));
        assertThat(slip.steps().get(1).topic()).isEqualTo(Topics.POSTPROCESS);
        assertThat(slip.steps().get(1).op()).isEqualTo("text-output");
        assertThat(PayloadCodec.decode(hop.value()).string()).isEqualTo(prompt);
    }

    @Test
    void aPlanTaskAsksForJsonAndMustEndBeforeTheBranchesDeadline() {
        AgentPipelines agents = new AgentPipelines(root);
        PipelineDefinition p = agents.plan();
        Hop hop = SystemTasks.plan("j2", p, agents.models, "in", "Split: x", 10_000, 0, 5);
        assertThat(hop.headers()).containsEntry(Headers.BRANCH, PipelineDefinition.PLAN_BRANCH)
                .containsEntry(Headers.ITEM_INDEX, "0").containsEntry(Headers.DEADLINE, "9000");
        RoutingSlip slip = slip(hop);
        assertThat(slip.steps().get(0).params()).containsExactly(Map.entry("system", "PLAN-JSON"));
        assertThat(slip.steps().get(1).params()).containsExactly(Map.entry("parse", "json"));
    }

    @Test
    void aJobLevelSynthesisSeesTheInputAndEverySubtaskWithItsOkBranches() {
        Map<String, BranchOutput> first = Map.of("a", BranchOutput.text("one", null, null));
        String prompt = SystemTasks.render("For {{input}}: {{subtasks}}", SystemTasks.jobFields(TextNode.valueOf("x"),
                List.of("s0", "s1"), List.of(first, Map.of())));
        assertThat(prompt).isEqualTo("For x: [{\"subtask\":\"s0\",\"branches\":{\"a\":{\"text\":\"one\"}}},"
                + "{\"subtask\":\"s1\",\"branches\":{}}]");
    }

    @Test
    void aFieldOfAFailedBranchHasNoValueAndACallThatCannotBeSentIsAnErrorOutcome() {
        assertThatThrownBy(() -> SystemTasks.render("{{branches.b.text}}", SystemTasks.itemFields(TextNode.valueOf("x"),
                Map.of()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("branches.b.text");
        Hop failed = SystemTasks.failed("j3", 2, PipelineDefinition.SYNTHESIS_BRANCH,
                io.braid.common.wire.ErrorCode.BAD_INPUT, "no value");
        assertThat(failed.topic()).isEqualTo(Topics.RESULTS);
        TaskOutcome o = TaskOutcome.fromJson(failed.value());
        assertThat(o.taskId()).isEqualTo("j3/2/_synthesis");
        assertThat(o.status().apiName()).isEqualTo("error");
        assertThat(o.error().message()).isEqualTo("no value");
    }

    @Test
    void aPlanIsAJsonArrayOfOneToMaxSubtasksAndAnythingElseIsRefusedWithItsReason() throws Exception {
        AgentPipelines agents = new AgentPipelines(root);
        PipelineDefinition p = agents.plan();
        PlanCheck.Checked ok = PlanCheck.check(BranchOutput.data(Json.MAPPER.readTree("[\"a\", {\"k\": 1}]")), p);
        assertThat(ok.valid()).isTrue();
        assertThat(ok.subtasks()).containsExactly("a", "{\"k\":1}");
        assertThat(PlanCheck.check(BranchOutput.data(Json.MAPPER.readTree("[1,2,3,4]")), p).error())
                .isEqualTo("the plan has 4 subtasks; pipeline triage allows at most 3 (plan.maxSubtasks)");
        assertThat(PlanCheck.check(BranchOutput.data(Json.MAPPER.readTree("[]")), p).error())
                .isEqualTo("the plan has no subtasks");
        assertThat(PlanCheck.check(BranchOutput.data(Json.MAPPER.readTree("{\"a\":1}")), p).error())
                .isEqualTo("the plan is a JSON object, not an array of subtasks");
        assertThat(PlanCheck.check(BranchOutput.text("no json", null, null), p).valid()).isFalse();
        assertThat(PlanCheck.ids(2)).containsExactly("subtask-0", "subtask-1");
    }
}
