package io.braid.common.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A task that carries several items of one job: headers, forwarding and outcomes. */
class BundledTaskTest {
    private static final RoutingSlip SLIP = new RoutingSlip(List.of(
            new Step("preprocess", Topics.PREPROCESS, "image-to-tensor", Map.of())), List.of(
            new RoutingSlip.Fork("a", new RoutingSlip(List.of(
                    new Step("inference", Topics.inference("p"), "m", Map.of())), List.of()))));

    private static Map<String, String> headers(String first, String items) {
        Map<String, String> h = new HashMap<>();
        h.put(Headers.JOB_ID, "job-1");
        h.put(Headers.ITEM_INDEX, first);
        h.put(Headers.ITEMS, items);
        h.put(Headers.DEADLINE, "5000");
        h.put(Headers.SLIP, new String(SlipCodec.encode(SLIP), StandardCharsets.UTF_8));
        return h;
    }

    @Test
    void theItemsHeaderListsEveryItemAndATaskWithoutItIsOneItem() {
        assertThat(TaskHeaders.parse(headers("2", "2,3,7")).items()).containsExactly(2, 3, 7);
        Map<String, String> single = headers("4", null);
        single.remove(Headers.ITEMS);
        assertThat(TaskHeaders.parse(single).items()).containsExactly(4);
        assertThat(TaskHeaders.parse(single).count()).isEqualTo(1);
    }

    @Test
    void itemListsThatAreNotAscendingOrDisagreeWithTheFirstIndexArePoison() {
        assertThatThrownBy(() -> TaskHeaders.parse(headers("2", "2,2"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> TaskHeaders.parse(headers("2", "3,1"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> TaskHeaders.parse(headers("1", "2,3"))).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("starts at 2");
        assertThatThrownBy(() -> TaskHeaders.parse(headers("1", "1,x"))).isInstanceOf(WireFormatException.class);
    }

    @Test
    void aNarrowedTaskForwardsOnlyItsRemainingItemsToEveryFork() {
        TaskHeaders task = TaskHeaders.parse(headers("0", "0,1,2")).withItems(List.of(0, 2));
        List<Hop> hops = Hop.forward(task, new byte[]{1}, "preprocess", 4);
        assertThat(hops).singleElement().satisfies(h -> {
            assertThat(h.headers()).containsEntry(Headers.ITEMS, "0,2").containsEntry(Headers.ITEM_INDEX, "0");
            assertThat(TaskHeaders.parse(h.headers()).items()).containsExactly(0, 2);
        });
        TaskHeaders one = task.withItems(List.of(2));
        assertThat(Hop.forward(one, new byte[]{1}, "preprocess", 4).get(0).headers())
                .doesNotContainKey(Headers.ITEMS).containsEntry(Headers.ITEM_INDEX, "2");
    }

    @Test
    void outcomesOfSeveralItemsTravelAsOneArrayAndOneAsAnObject() {
        TaskHeaders task = TaskHeaders.parse(headers("0", "0,1"));
        TaskOutcome first = task.outcome(0, "a", OutcomeStatus.OK, null, null, "postprocess", 1, 1000);
        TaskOutcome second = task.outcome(1, "a", OutcomeStatus.ERROR, null,
                TaskError.of(ErrorCode.BAD_INPUT, "postprocess", "no"), "postprocess", 1, 1000);
        Hop both = Hop.outcomes(List.of(first, second));
        assertThat(new String(both.value(), StandardCharsets.UTF_8)).startsWith("[");
        assertThat(TaskOutcome.listFromJson(both.value())).extracting(TaskOutcome::taskId)
                .containsExactly("job-1/0/a", "job-1/1/a");
        assertThat(TaskOutcome.listFromJson(Hop.outcomes(List.of(first)).value())).singleElement()
                .usingRecursiveComparison().isEqualTo(first);
        assertThatThrownBy(() -> TaskOutcome.listFromJson("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireFormatException.class);
    }
}
