package io.braid.dispatcher.join;

import io.braid.common.job.JobResult;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.pipeline.PipelineDefinition.Branch;
import io.braid.common.pipeline.PipelineDefinition.JoinPolicy;
import io.braid.common.pipeline.PipelineDefinition.JoinSpec;
import io.braid.common.pipeline.PipelineDefinition.OnTimeout;
import io.braid.common.pipeline.PipelineDefinition.Operator;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.JobStatus;
import io.braid.common.wire.OutcomeStatus;
import io.braid.common.wire.Probabilities;
import io.braid.common.wire.TaskError;
import io.braid.common.wire.TaskOutcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultAssemblerTest {
    private static final List<String> LABELS = List.of("0", "1");

    private static PipelineDefinition pipeline(JoinPolicy policy, int quorum, OnTimeout onTimeout) {
        return new PipelineDefinition("p", null, "image", new Operator("image-to-tensor", null),
                List.of(new Branch("x", "m", null), new Branch("y", "m", null), new Branch("z", "m", null)),
                new Operator("classify", null), new JoinSpec(policy, quorum, -1, 1000, onTimeout),
                PipelineDefinition.Reducer.MEAN, PipelineDefinition.Retry.DEFAULT,
                PipelineDefinition.DEFAULT_ITEMS_PER_TASK);
    }

    private static TaskOutcome ok(int item, String branch, double p0) {
        return new TaskOutcome("j", TaskOutcome.taskId("j", item, branch), item, branch, OutcomeStatus.OK,
                Probabilities.output(new double[]{p0, 1 - p0}, LABELS, 2), null, 1, 12, Map.of("inference", 3L));
    }

    private static TaskOutcome error(int item, String branch) {
        return new TaskOutcome("j", TaskOutcome.taskId("j", item, branch), item, branch, OutcomeStatus.ERROR, null,
                TaskError.of(ErrorCode.SHAPE_MISMATCH, "inference", "bad shape"), 1, 5, Map.of());
    }

    private static ResultAssembler.Assembled assemble(PipelineDefinition p, List<TaskOutcome> outcomes, JoinReason reason) {
        return ResultAssembler.assemble(p, JoinRule.of(p.join(), 3), p.join().onTimeout(), List.of("a", "b"), outcomes, reason,
                reason == JoinReason.DEADLINE, LABELS, 2);
    }

    @Test
    void allBranchesOkGivesSucceededWithTheMeanAndEveryBranchListed() {
        List<TaskOutcome> outs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            outs.add(ok(i, "x", 0.9));
            outs.add(ok(i, "y", 0.8));
            outs.add(ok(i, "z", 0.1));
        }
        ResultAssembler.Assembled a = assemble(pipeline(JoinPolicy.ALL, 1, OnTimeout.PARTIAL), outs, JoinReason.COMPLETE);
        assertThat(a.status()).isEqualTo(JobStatus.SUCCEEDED);
        JobResult.ItemResult item = a.result().items().get(1);
        assertThat(item.id()).isEqualTo("b");
        assertThat(item.output().label()).isEqualTo("0");
        assertThat(item.output().probabilities()[0]).isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(item.branches()).containsOnlyKeys("x", "y", "z");
        assertThat(item.branches().get("x").status()).isEqualTo("ok");
        assertThat(item.branches().get("x").latencyMs()).isEqualTo(12);
    }

    @Test
    void aDeadlineJoinReportsMissingBranchesAsTimeoutAndKeepsWhatArrived() {
        List<TaskOutcome> outs = List.of(ok(0, "x", 0.9), ok(0, "y", 0.9), ok(0, "z", 0.9), ok(1, "x", 0.2), error(1, "y"));
        ResultAssembler.Assembled a = assemble(pipeline(JoinPolicy.FIRST, 1, OnTimeout.PARTIAL), outs.subList(3, 5),
                JoinReason.DEADLINE);
        assertThat(a.status()).isEqualTo(JobStatus.PARTIAL);
        assertThat(a.result().items().get(0).branches().values()).allSatisfy(b -> assertThat(b.status()).isEqualTo("timeout"));
        assertThat(a.result().items().get(0).status()).isEqualTo("failed");
        JobResult.ItemResult second = a.result().items().get(1);
        assertThat(second.status()).isEqualTo("ok");
        assertThat(second.branches().get("y").error().code()).isEqualTo("SHAPE_MISMATCH");
        assertThat(second.branches().get("z").status()).isEqualTo("cancelled");
    }

    @Test
    void onTimeoutFailExpiresAJobWithAPendingItem() {
        ResultAssembler.Assembled a = assemble(pipeline(JoinPolicy.ALL, 1, OnTimeout.FAIL), List.of(ok(0, "x", 0.5)),
                JoinReason.DEADLINE);
        assertThat(a.status()).isEqualTo(JobStatus.EXPIRED);
    }

    @Test
    void aJobWhoseEveryItemFailedByTimeoutsIsExpiredNotFailed() {
        List<TaskOutcome> outs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            for (String b : List.of("x", "y", "z")) {
                outs.add(new TaskOutcome("j", TaskOutcome.taskId("j", i, b), i, b, OutcomeStatus.TIMEOUT, null,
                        TaskError.of(ErrorCode.DEADLINE_EXCEEDED, "preprocess", "deadline passed"), 1, 5, Map.of()));
            }
        }
        ResultAssembler.Assembled a = assemble(pipeline(JoinPolicy.ALL, 1, OnTimeout.PARTIAL), outs, JoinReason.COMPLETE);
        assertThat(a.status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(a.result().items().get(0).branches().get("x").status()).isEqualTo("timeout");
    }

    @Test
    void branchesThatNeverReportedBeforeAPassedDeadlineAreTimeoutEvenWhenTheItemWasDecided() {
        TaskOutcome timeout = new TaskOutcome("j", "j/0/x", 0, "x", OutcomeStatus.TIMEOUT, null,
                TaskError.of(ErrorCode.DEADLINE_EXCEEDED, "preprocess", "deadline passed"), 1, 5, Map.of());
        PipelineDefinition p = pipeline(JoinPolicy.ALL, 1, OnTimeout.PARTIAL);
        ResultAssembler.Assembled a = ResultAssembler.assemble(p, JoinRule.of(p.join(), 3), OnTimeout.PARTIAL,
                List.of("a"), List.of(timeout), JoinReason.COMPLETE, true, LABELS, 2);
        assertThat(a.status()).isEqualTo(JobStatus.EXPIRED);
        assertThat(a.result().items().get(0).branches().values()).allSatisfy(b -> assertThat(b.status()).isEqualTo("timeout"));
    }

    @Test
    void quorumLosersAreReportedCancelled() {
        List<TaskOutcome> outs = List.of(ok(0, "x", 0.9), ok(0, "y", 0.7), ok(1, "y", 0.3), ok(1, "z", 0.1));
        ResultAssembler.Assembled a = assemble(pipeline(JoinPolicy.QUORUM, 2, OnTimeout.PARTIAL), outs, JoinReason.COMPLETE);
        assertThat(a.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(a.result().items().get(0).branches().get("z").status()).isEqualTo("cancelled");
        assertThat(a.result().items().get(1).branches().get("x").status()).isEqualTo("cancelled");
    }

    @Test
    void aFailedBranchUnderAllFailsTheItem() {
        List<TaskOutcome> outs = List.of(ok(0, "x", 0.9), error(0, "y"), ok(0, "z", 0.9),
                ok(1, "x", 0.9), ok(1, "y", 0.9), ok(1, "z", 0.9));
        ResultAssembler.Assembled a = assemble(pipeline(JoinPolicy.ALL, 1, OnTimeout.PARTIAL), outs, JoinReason.COMPLETE);
        assertThat(a.status()).isEqualTo(JobStatus.PARTIAL);
        assertThat(a.result().items().get(0).status()).isEqualTo("failed");
        assertThat(a.result().items().get(0).branches().get("y").status()).isEqualTo("error");
    }
}
