package io.braid.dispatcher.join;

import io.braid.common.pipeline.PipelineDefinition.JoinPolicy;
import io.braid.common.pipeline.PipelineDefinition.JoinSpec;
import io.braid.common.pipeline.PipelineDefinition.OnTimeout;
import io.braid.common.wire.JobStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.braid.dispatcher.join.ItemState.DEGRADED;
import static io.braid.dispatcher.join.ItemState.FAILED;
import static io.braid.dispatcher.join.ItemState.PENDING;
import static io.braid.dispatcher.join.ItemState.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

class JoinDecisionTest {

    private static JoinRule rule(String policy, int quorum, int maxFailures, int branches) {
        return JoinRule.of(new JoinSpec(JoinPolicy.valueOf(policy), quorum, maxFailures, 1000, OnTimeout.PARTIAL), branches);
    }

    @ParameterizedTest(name = "{0} k={1} maxFailures={2} of {3}: ok={4} failed={5} -> {6}")
    @CsvSource({
            // policy, quorum, maxFailures, branches, ok, failed, expected item state
            "ALL,    1, -1, 3, 0, 0, PENDING",
            "ALL,    1, -1, 3, 2, 0, PENDING",
            "ALL,    1, -1, 3, 3, 0, SUCCEEDED",
            "ALL,    1, -1, 3, 2, 1, FAILED",
            "ALL,    1, -1, 3, 0, 1, FAILED",
            "ALL,    1,  1, 3, 1, 1, PENDING",
            "ALL,    1,  1, 3, 2, 1, DEGRADED",
            "ALL,    1,  1, 3, 1, 2, FAILED",
            "QUORUM, 2, -1, 3, 1, 0, PENDING",
            "QUORUM, 2, -1, 3, 2, 0, SUCCEEDED",
            "QUORUM, 2, -1, 3, 1, 1, PENDING",
            "QUORUM, 2, -1, 3, 2, 1, SUCCEEDED",
            "QUORUM, 2, -1, 3, 0, 2, FAILED",
            "QUORUM, 2,  0, 3, 1, 1, FAILED",
            "FIRST,  1, -1, 3, 1, 0, SUCCEEDED",
            "FIRST,  1, -1, 3, 0, 2, PENDING",
            "FIRST,  1, -1, 3, 0, 3, FAILED",
            "FIRST,  1,  0, 3, 0, 1, FAILED",
    })
    void anItemIsDecidedByItsPolicyAndCounts(String policy, int quorum, int maxFailures, int branches, int ok,
                                             int failed, ItemState expected) {
        assertThat(JoinDecision.item(rule(policy, quorum, maxFailures, branches), ok, failed)).isEqualTo(expected);
    }

    @Test
    void quorumAndFirstTolerateOnlyAsManyFailuresAsLeaveTheQuorumReachable() {
        assertThat(rule("QUORUM", 2, 5, 3).tolerate()).isEqualTo(1);
        assertThat(rule("FIRST", 1, -1, 4).tolerate()).isEqualTo(3);
        assertThat(rule("ALL", 1, -1, 4).tolerate()).isZero();
        assertThat(rule("ALL", 1, 2, 4).need()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0} deadline={1} pending={2} onTimeout={3} -> {4}")
    @CsvSource({
            "SUCCEEDED SUCCEEDED, false, false, PARTIAL, SUCCEEDED",
            "SUCCEEDED DEGRADED,  false, false, PARTIAL, PARTIAL",
            "SUCCEEDED FAILED,    false, false, PARTIAL, PARTIAL",
            "FAILED FAILED,       false, false, PARTIAL, FAILED",
            "SUCCEEDED DEGRADED,  true,  true,  PARTIAL, PARTIAL",
            "SUCCEEDED DEGRADED,  true,  true,  FAIL,    EXPIRED",
            "FAILED FAILED,       true,  true,  PARTIAL, EXPIRED",
            "FAILED FAILED,       true,  false, PARTIAL, EXPIRED",
            "SUCCEEDED SUCCEEDED, true,  false, FAIL,    SUCCEEDED",
    })
    void aJobStatusFollowsItsItemsAndHowItJoined(String states, boolean deadline, boolean pending, OnTimeout onTimeout,
                                                 JobStatus expected) {
        List<ItemState> items = java.util.Arrays.stream(states.trim().split(" +")).map(ItemState::valueOf).toList();
        assertThat(JoinDecision.job(items, deadline, pending, onTimeout)).isEqualTo(expected);
    }

    @Test
    void atTheDeadlineAPendingItemKeepsWhatArrivedIfAnyBranchSucceeded() {
        assertThat(JoinDecision.atDeadline(PENDING, 1)).isEqualTo(DEGRADED);
        assertThat(JoinDecision.atDeadline(PENDING, 0)).isEqualTo(FAILED);
        assertThat(JoinDecision.atDeadline(SUCCEEDED, 0)).isEqualTo(SUCCEEDED);
    }

    @Test
    void anItemWaitsForItsSynthesisOnlyWithSomethingToMergeAndAJobForItsOwnOnlyAfterAPlan() {
        assertThat(JoinDecision.synthesizeItem(JoinDecision.Synthesis.ITEM, 1)).isTrue();
        assertThat(JoinDecision.synthesizeItem(JoinDecision.Synthesis.ITEM, 0)).as("no ok branch: decided at once").isFalse();
        assertThat(JoinDecision.synthesizeItem(JoinDecision.Synthesis.JOB, 2)).isFalse();
        assertThat(JoinDecision.synthesizeItem(JoinDecision.Synthesis.NONE, 2)).isFalse();
        assertThat(JoinDecision.synthesizeJob(JoinDecision.Synthesis.JOB, 1)).isTrue();
        assertThat(JoinDecision.synthesizeJob(JoinDecision.Synthesis.JOB, 0)).isFalse();
        assertThat(JoinDecision.synthesizeJob(JoinDecision.Synthesis.ITEM, 3)).isFalse();
        assertThat(JoinDecision.Synthesis.ITEM.field()).isEqualTo("item");
        assertThat(JoinDecision.Synthesis.NONE.field()).isEmpty();
    }
}
