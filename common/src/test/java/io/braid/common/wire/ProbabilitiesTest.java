package io.braid.common.wire;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProbabilitiesTest {
    private static final List<String> LABELS = List.of("a", "b", "c", "d", "e");

    @Test
    void topKListsTheMostProbableLabelsBestFirstAndTiesInLabelOrder() {
        double[] p = {0.1, 0.3, 0.1, 0.3, 0.2};
        assertThat(Probabilities.topK(p, LABELS, 3)).extracting(LabelScore::label).containsExactly("b", "d", "e");
        assertThat(Probabilities.topK(p, LABELS, 5)).extracting(LabelScore::label).containsExactly("b", "d", "e", "a", "c");
    }

    @Test
    void topKNeverListsMoreLabelsThanThereAre() {
        assertThat(Probabilities.topK(new double[]{0.6, 0.4}, List.of("x", "y"), 10)).extracting(LabelScore::probability)
                .containsExactly(0.6, 0.4);
    }
}
