package io.braid.common.progress;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EtaTest {
    private static final Map<String, Long> TYPICAL = Map.of(
            "a|queued", 100L, "a|preprocess", 200L, "a|batch", 300L, "a|inference", 400L, "a|postprocess", 50L,
            "b|queued", 10L, "b|preprocess", 20L);

    private static Eta.Cell cell(String branch, String marks) {
        return new Eta.Cell(branch, CellMarks.parse(marks, 0));
    }

    @Test
    void aCellNeedsTheRestOfItsStageAndEveryLaterStageOfItsBranch() {
        // in the batch queue for 100 of a typical 300 ms: 200 + inference 400 + postprocess 50
        assertThat(Eta.remaining(List.of(cell("a", "preprocess@100,batch@300")), 0, 0, TYPICAL, 400, 100_000)).isEqualTo(650);
    }

    @Test
    void theJobNeedsAsLongAsItsSlowestCell() {
        List<Eta.Cell> cells = List.of(cell("a", "preprocess@100,batch@300,inference@600,postprocess@1000"),
                cell("b", ""), cell("a", "preprocess@900"));
        // cell 3: preprocess 200 - 100 elapsed + 300 + 400 + 50
        assertThat(Eta.remaining(cells, 0, 0, TYPICAL, 1000, 100_000)).isEqualTo(850);
    }

    @Test
    void aCellOverdueInItsStageCountsNothingForItAndTheDeadlineCapsTheEstimate() {
        assertThat(Eta.remaining(List.of(cell("a", "preprocess@100,batch@300,inference@600,postprocess@700")), 0, 0, TYPICAL,
                5000, 100_000)).isZero();
        assertThat(Eta.remaining(List.of(cell("a", "")), 0, 0, TYPICAL, 0, 700)).isEqualTo(700);
    }

    @Test
    void withoutAnyObservedDurationTheEtaIsUnknown() {
        assertThat(Eta.remaining(List.of(cell("c", "")), 0, 0, TYPICAL, 0, 10_000)).isEqualTo(-1);
        assertThat(Eta.remaining(List.of(), 0, 0, TYPICAL, 0, 10_000)).isZero();
    }

    @Test
    void aJobWithMoreItemsLeftThanThePipelineFinishesAtOnceTakesItemsOverTheServiceRate() {
        List<Eta.Cell> cells = List.of(cell("a", ""), cell("a", ""));
        // 500 items at 100 items/s: 5 s, longer than one cell's 1 s path
        assertThat(Eta.remaining(cells, 500, 100.0, TYPICAL, 0, 100_000)).isEqualTo(5000);
        assertThat(Eta.remaining(cells, 5, 100.0, TYPICAL, 0, 100_000))
                .as("few items: the slowest cell's path decides").isEqualTo(Eta.remaining(cells, 0, 0, TYPICAL, 0, 100_000));
        assertThat(Eta.remaining(List.of(cell("c", "")), 10, 100.0, TYPICAL, 0, 100_000))
                .as("a rate alone is enough to know").isEqualTo(100);
        assertThat(Eta.remaining(cells, 500, 100.0, TYPICAL, 0, 2_000)).as("capped at the deadline").isEqualTo(2000);
    }
}
