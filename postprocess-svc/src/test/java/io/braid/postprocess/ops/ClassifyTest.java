package io.braid.postprocess.ops;

import io.braid.common.tensor.Tensor;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;
import io.braid.common.wire.Topics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClassifyTest {
    private static Step step(Map<String, Object> params) {
        return new Step("postprocess", Topics.POSTPROCESS, "classify", params);
    }

    @Test
    void logitsBecomeSoftmaxProbabilitiesWithTheTopLabelsInOrder() {
        Tensor logits = Tensor.ofFloats(new long[]{3}, new float[]{1f, 3f, 2f});
        BranchOutput out = Classify.apply(logits, step(Map.of("topK", 2, "labels", List.of("cat", "dog", "eel"))));
        double z = Math.exp(1) + Math.exp(3) + Math.exp(2);
        assertThat(out.probabilities()).containsExactly(new double[]{Math.exp(1) / z, Math.exp(3) / z, Math.exp(2) / z},
                within(1e-12));
        assertThat(out.label()).isEqualTo("dog");
        assertThat(out.topK()).extracting(l -> l.label()).containsExactly("dog", "eel");
    }

    @Test
    void theFullVectorIsLeftOutWhenTheStepSaysSoButLabelAndTopKRemain() {
        Tensor logits = Tensor.ofFloats(new long[]{3}, new float[]{1f, 3f, 2f});
        BranchOutput out = Classify.apply(logits, step(Map.of("topK", 1, "probabilities", false)));
        assertThat(out.probabilities()).isNull();
        assertThat(out.label()).isEqualTo("1");
        assertThat(out.topK()).extracting(l -> l.label()).containsExactly("1");
    }

    @Test
    void softmaxStaysFiniteForHugeLogits() {
        double[] p = Classify.softmax(new float[]{1000f, 1000f, -1000f});
        assertThat(p).containsExactly(new double[]{0.5, 0.5, 0.0}, within(1e-12));
    }

    @Test
    void withoutLabelsTheClassIndexIsTheLabel() {
        BranchOutput out = Classify.apply(Tensor.ofFloats(new long[]{4}, new float[]{0, 0, 5, 0}), step(Map.of()));
        assertThat(out.label()).isEqualTo("2");
        assertThat(out.topK()).hasSize(3);
    }

    @Test
    void moreScoresThanLabelsIsAShapeMismatch() {
        assertThatThrownBy(() -> Classify.apply(Tensor.ofFloats(new long[]{3}, new float[3]),
                step(Map.of("labels", List.of("a", "b")))))
                .isInstanceOfSatisfying(TaskException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SHAPE_MISMATCH));
    }
}
