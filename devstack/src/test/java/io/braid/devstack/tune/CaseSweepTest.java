package io.braid.devstack.tune;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaseSweepTest {
    private static final TuneConfig DEMO = TuneConfigTest.DEMO;

    @Test
    void theDefaultSweepStartsWithTheBaselineAndHoldsOnlyCasesThatCanRun() {
        CaseSweep.Plan plan = CaseSweep.defaults(DEMO, 2, 2);
        assertThat(plan.cases().get(0).baseline()).isTrue();
        assertThat(plan.cases()).extracting(TuneCase::name).startsWith("c0", "c1").doesNotHaveDuplicates();
        for (TuneCase c : plan.cases()) {
            assertThat(DEMO.apply(c.settings()).refusals(2, 2)).as(c.describe()).isEmpty();
        }
        assertThat(plan.cases()).extracting(TuneCase::describe).contains(
                "mlp.maxBatchSize=16, cnn.maxBatchSize=16, lenet.maxBatchSize=16",
                "mlp.maxBatchDelayMs=0, cnn.maxBatchDelayMs=0, lenet.maxBatchDelayMs=0",
                "itemsPerTask=8", "lenet.instances=2", "lenet.threads=2");
    }

    @Test
    void theDefaultSweepListsTheCandidatesItLeftOutWithTheReason() {
        CaseSweep.Plan plan = CaseSweep.defaults(DEMO, 2, 2);
        // pool 'small' already holds 3 busy threads of 4: one more instance fits, two intra-op threads do not
        assertThat(plan.skipped()).anyMatch(s -> s.startsWith("mlp.threads=2") && s.contains("pool small"));
        assertThat(plan.cases()).extracting(TuneCase::describe).contains("mlp.instances=2", "cnn.instances=2");
    }

    @Test
    void moreCoresLetTheSweepTryMoreThreads() {
        assertThat(CaseSweep.defaults(DEMO, 8, 2).skipped()).isEmpty();
    }

    @Test
    void aDoubledBatchStopsAtItsQueue() {
        CaseSweep.Plan plan = CaseSweep.defaults(DEMO, 2, 2);
        assertThat(plan.cases()).extracting(TuneCase::describe)
                .contains("mlp.maxBatchSize=64, cnn.maxBatchSize=64, lenet.maxBatchSize=64");
        TuneConfig smallQueue = DEMO.apply(List.of(Setting.parse("lenet.maxBatchSize=256")));
        assertThat(CaseSweep.defaults(smallQueue, 2, 2).cases()).extracting(TuneCase::describe)
                .noneMatch(d -> d.contains("lenet.maxBatchSize=512"));
    }

    @Test
    void namedCasesComeAfterTheBaselineInTheGivenOrder() {
        CaseSweep.Plan plan = CaseSweep.named(DEMO, "lenet.instances=2;itemsPerTask=8,mlp.maxBatchSize=64", 2, 2);
        assertThat(plan.cases()).extracting(TuneCase::describe)
                .containsExactly("current", "lenet.instances=2", "itemsPerTask=8, mlp.maxBatchSize=64");
    }

    @Test
    void namedCasesThatCannotRunAreAllRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> CaseSweep.named(DEMO, "mlp.threads=4;lenet.maxBatchSize=300;itemsPerTask=1000", 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing was run")
                .hasMessageContaining("case 'mlp.threads=4': pool small")
                .hasMessageContaining("lenet.maxBatchSize=300 is larger than its maxQueueSize 256")
                .hasMessageContaining("itemsPerTask=1000 is larger than the smallest maxQueueSize (256)");
    }
}
