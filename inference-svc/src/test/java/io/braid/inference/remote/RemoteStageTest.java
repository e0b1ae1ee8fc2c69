package io.braid.inference.remote;

import io.braid.common.tensor.Tensor;
import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.RoutingSlip;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;
import io.braid.inference.http.ChatReply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteStageTest {
    private static final Step INFER = new Step("inference", "braid.inference.io", "chat", Map.of());

    private static RoutingSlip slip(String postOp) {
        return new RoutingSlip(List.of(INFER, new Step("postprocess", "braid.postprocess", postOp, Map.of())), List.of());
    }

    @Test
    void anIoPoolAppliesATextOnlyPostprocessOpItselfAndLeavesTheOthersToThePostprocessStage() {
        assertThat(RemoteStage.fusedPostprocess(slip("text-output"))).isNotNull();
        assertThat(RemoteStage.fusedPostprocess(slip("embedding-output"))).isNotNull();
        assertThat(RemoteStage.fusedPostprocess(slip("classify"))).isNull();
        assertThat(RemoteStage.fusedPostprocess(new RoutingSlip(List.of(INFER), List.of()))).isNull();
    }

    @Test
    void aChatReplyBecomesTheBranchOutputWithItsUsageWhenFused() {
        byte[] reply = RemoteModel.reply(new ChatReply("hi", new BranchOutput.Usage(2, 1, 3), "stop"));
        BranchOutput out = RemoteStage.postprocess(RemoteStage.fusedPostprocess(slip("text-output")), reply);
        assertThat(out.text()).isEqualTo("hi");
        assertThat(out.usage().totalTokens()).isEqualTo(3);
        assertThat(out.finishReason()).isEqualTo("stop");
    }

    @Test
    void anAnswerTheFusedOpCannotReadIsAnInferenceFailureOfThatItem() {
        byte[] vector = TensorCodec.encode(Tensor.ofFloats(new long[]{2}, new float[]{1, 2}));
        assertThat(RemoteStage.postprocess(RemoteStage.fusedPostprocess(slip("embedding-output")), vector).vector())
                .containsExactly(1, 2);
        assertThatThrownBy(() -> RemoteStage.postprocess(RemoteStage.fusedPostprocess(slip("text-output")), vector))
                .isInstanceOfSatisfying(TaskException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INFERENCE_FAILED));
    }
}
