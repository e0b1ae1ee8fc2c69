package io.braid.common.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingTest {
    private static final Step PRE = new Step("preprocess", Topics.PREPROCESS, "image-to-tensor", Map.of("width", 28));
    private static final RoutingSlip SLIP = new RoutingSlip(List.of(PRE), List.of(
            fork("a", "pool-1"), fork("b", "pool-2")));

    private static RoutingSlip.Fork fork(String branch, String pool) {
        return new RoutingSlip.Fork(branch, new RoutingSlip(List.of(
                new Step("inference", Topics.inference(pool), "model-" + branch, Map.of()),
                new Step("postprocess", Topics.POSTPROCESS, "classify", Map.of("topK", 3))), List.of()));
    }

    private static Map<String, String> headers(RoutingSlip slip, String branch) {
        Map<String, String> h = new HashMap<>();
        h.put(Headers.JOB_ID, "job-1");
        h.put(Headers.ITEM_INDEX, "4");
        h.put(Headers.DEADLINE, "5000");
        h.put(Headers.CREATED_AT, "1000");
        h.put(Headers.SLIP, new String(SlipCodec.encode(slip), StandardCharsets.UTF_8));
        if (branch != null) {
            h.put(Headers.BRANCH, branch);
        }
        return h;
    }

    @Test
    void afterTheSharedStepATaskForksOnceToEveryBranchTopic() {
        TaskHeaders task = TaskHeaders.parse(headers(SLIP, null));
        List<Hop> hops = Hop.forward(task, new byte[]{1}, "preprocess", 3);
        assertThat(hops).extracting(Hop::topic).containsExactly("braid.inference.pool-1", "braid.inference.pool-2");
        assertThat(hops).extracting(h -> h.headers().get(Headers.BRANCH)).containsExactly("a", "b");
        assertThat(hops.get(0).headers().get(Headers.TIMINGS)).isEqualTo("preprocess=3");
        assertThat(hops).allSatisfy(h -> assertThat(h.key()).isEqualTo("job-1"));
        TaskHeaders branchA = TaskHeaders.parse(hops.get(0).headers());
        assertThat(branchA.slip().current().op()).isEqualTo("model-a");
        assertThat(branchA.taskId()).isEqualTo("job-1/4/a");
        assertThat(branchA.deadline()).isEqualTo(5000);
    }

    @Test
    void aLinearStepForwardsToTheNextStepOfItsOwnBranch() {
        TaskHeaders task = TaskHeaders.parse(headers(fork("a", "p").slip(), "a"));
        List<Hop> hops = Hop.forward(task, new byte[]{2}, "inference", 5);
        assertThat(hops).singleElement().satisfies(h -> {
            assertThat(h.topic()).isEqualTo(Topics.POSTPROCESS);
            assertThat(TaskHeaders.parse(h.headers()).slip().current().number("topK", 0)).isEqualTo(3.0);
        });
    }

    @Test
    void beforeTheForkATaskCoversEveryBranchAfterItOnlyItsOwn() {
        assertThat(TaskHeaders.parse(headers(SLIP, null)).coveredBranches()).containsExactly("a", "b");
        assertThat(TaskHeaders.parse(headers(fork("a", "p").slip(), "a")).coveredBranches()).containsExactly("a");
    }

    @Test
    void aTaskWithoutJobDeadlineOrSlipIsPoison() {
        Map<String, String> h = headers(SLIP, null);
        h.remove(Headers.DEADLINE);
        assertThatThrownBy(() -> TaskHeaders.parse(h)).isInstanceOf(WireFormatException.class).hasMessageContaining(Headers.DEADLINE);
        Map<String, String> h2 = headers(SLIP, null);
        h2.put(Headers.SLIP, "not json");
        assertThatThrownBy(() -> TaskHeaders.parse(h2)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void anOutcomeCarriesTheLatencySinceCreationAndEveryStageTiming() {
        Map<String, String> h = headers(fork("a", "p").slip(), "a");
        h.put(Headers.TIMINGS, "preprocess=2;inference=7");
        TaskOutcome o = TaskHeaders.parse(h).outcome(4, "a", OutcomeStatus.OK, null, null, "postprocess", 1, 1250);
        assertThat(o.latencyMs()).isEqualTo(250);
        assertThat(o.timings()).containsEntry("preprocess", 2L).containsEntry("inference", 7L).containsEntry("postprocess", 1L);
        assertThat(TaskOutcome.fromJson(o.toJson())).usingRecursiveComparison().isEqualTo(o);
    }
}
