package io.braid.common.progress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StageDurationsTest {

    @Test
    void theFirstObservationIsTheAverageAndLaterOnesMoveItByAlpha() {
        StageDurations d = new StageDurations(0.25);
        d.observe("a", Stage.BATCH, 100);
        assertThat(d.snapshot()).containsEntry("a|batch", 100L);
        d.observe("a", Stage.BATCH, 500);
        assertThat(d.snapshot()).containsEntry("a|batch", 200L);
        d.observe("b", Stage.BATCH, 7);
        assertThat(d.snapshot()).containsEntry("a|batch", 200L).containsEntry("b|batch", 7L);
    }

    @Test
    void anAlphaOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new StageDurations(0)).hasMessageContaining("alpha");
    }
}
