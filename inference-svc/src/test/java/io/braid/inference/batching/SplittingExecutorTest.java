package io.braid.inference.batching;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SplittingExecutorTest {

    @Test
    void aBatchThatFailsIsSplitUntilOnlyTheBadItemFails() {
        List<Integer> sizesTried = new ArrayList<>();
        Map<Integer, Integer> ok = new HashMap<>();
        Map<Integer, String> failed = new HashMap<>();
        int splits = SplittingExecutor.run(List.of(1, 2, 3, 4, 5, 6, 7, 8), batch -> {
            sizesTried.add(batch.size());
            if (batch.contains(6)) {
                throw new IllegalStateException("out of memory");
            }
            return batch.stream().map(i -> i * 10).toList();
        }, ok::put, (i, e) -> failed.put(i, e.getMessage()));
        assertThat(ok).hasSize(7).containsEntry(1, 10).containsEntry(8, 80);
        assertThat(failed).containsOnlyKeys(6).containsEntry(6, "out of memory");
        assertThat(sizesTried).startsWith(8, 4, 4).contains(2, 1);
        assertThat(splits).isEqualTo(3);
    }

    @Test
    void aBatchThatFailsOnlyBecauseOfItsSizeSucceedsInSmallerHalves() {
        Map<Integer, Integer> ok = new HashMap<>();
        SplittingExecutor.run(List.of(1, 2, 3, 4), batch -> {
            if (batch.size() > 2) {
                throw new IllegalStateException("CUDA out of memory");
            }
            return batch;
        }, ok::put, (i, e) -> { throw new AssertionError("no item should fail"); });
        assertThat(ok).containsOnlyKeys(1, 2, 3, 4);
    }

    @Test
    void aResultCountThatDoesNotMatchTheBatchIsAFailure() {
        Map<Integer, RuntimeException> failed = new HashMap<>();
        SplittingExecutor.run(List.of(1), batch -> List.of(), (i, r) -> { }, failed::put);
        assertThat(failed.get(1)).hasMessageContaining("0 results for 1 items");
    }
}
