package io.braid.common.progress;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CellMarksTest {

    @Test
    void aCellWithoutMarksIsQueuedSinceItsJobStarted() {
        CellMarks m = CellMarks.parse(null, 1000);
        assertThat(m.current()).isEqualTo(Stage.QUEUED);
        assertThat(m.since()).isEqualTo(1000);
        assertThat(m.durations()).isEmpty();
    }

    @Test
    void marksArrivingOutOfOrderAreKeptInPipelineOrderWithTheTimeEachStageLasted() {
        CellMarks m = CellMarks.parse("batch@1300,preprocess@1100,inference@1350", 1000);
        assertThat(m.current()).isEqualTo(Stage.INFERENCE);
        assertThat(m.since()).isEqualTo(1350);
        assertThat(m.durations()).isEqualTo(Map.of(Stage.QUEUED, 100L, Stage.PREPROCESS, 200L, Stage.BATCH, 50L));
    }

    @Test
    void aStageEnteredAgainByARetryKeepsItsFirstTimeAndJunkIsIgnored() {
        CellMarks m = CellMarks.parse("preprocess@1100,preprocess@1900,nonsense@5,batch@x,joined@2000", 1000);
        assertThat(m.joined()).isTrue();
        assertThat(m.entered()).containsExactly(Map.entry(Stage.QUEUED, 1000L), Map.entry(Stage.PREPROCESS, 1100L),
                Map.entry(Stage.JOINED, 2000L));
    }
}
