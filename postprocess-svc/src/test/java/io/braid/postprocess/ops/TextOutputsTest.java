package io.braid.postprocess.ops;

import io.braid.common.payload.Payload;
import io.braid.common.payload.PayloadCodec;
import io.braid.common.tensor.Tensor;
import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TextOutputsTest {
    private static BranchOutput run(String op, Map<String, Object> params, byte[] input) {
        return Postprocessor.run(new Step("postprocess", "t", op, params), input);
    }

    private static byte[] reply(String json) {
        return PayloadCodec.encode(Payload.json(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aChatReplyBecomesTheTextWithItsTokenUsageAndFinishReason() {
        BranchOutput out = run("text-output", Map.of(), reply("{\"text\":\"hello\",\"usage\":{\"promptTokens\":3,"
                + "\"completionTokens\":1,\"totalTokens\":4},\"finishReason\":\"stop\"}"));
        assertThat(out.text()).isEqualTo("hello");
        assertThat(out.usage()).isEqualTo(new BranchOutput.Usage(3, 1, 4));
        assertThat(out.finishReason()).isEqualTo("stop");
        assertThat(out.classification()).isFalse();
    }

    @Test
    void maxCharsCutsTheTextAndParseJsonTurnsItIntoDataEvenInsideAMarkdownFence() {
        assertThat(run("text-output", Map.of("maxChars", 3), PayloadCodec.encode(Payload.text("abcdef"))).text())
                .isEqualTo("abc");
        BranchOutput data = run("text-output", Map.of("parse", "json"),
                reply("{\"text\":\"```json\\n[\\\"a\\\", \\\"b\\\"]\\n```\"}"));
        assertThat(data.data().size()).isEqualTo(2);
        assertThat(data.data().get(1).asText()).isEqualTo("b");
    }

    @Test
    void anAnswerThatIsNotTheJsonAskedForIsAnInferenceFailure() {
        assertThatThrownBy(() -> run("text-output", Map.of("parse", "json"), PayloadCodec.encode(Payload.text("nope {"))))
                .isInstanceOfSatisfying(TaskException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INFERENCE_FAILED));
    }

    @Test
    void anEmbeddingBecomesTheVectorNormalisedWhenAsked() {
        byte[] t = TensorCodec.encode(Tensor.ofFloats(new long[]{2}, new float[]{3, 4}));
        assertThat(run("embedding-output", Map.of(), t).vector()).containsExactly(3, 4);
        float[] unit = run("embedding-output", Map.of("normalize", true), t).vector();
        assertThat(unit[0]).isCloseTo(0.6f, within(1e-6f));
        assertThat(unit[1]).isCloseTo(0.8f, within(1e-6f));
    }

    @Test
    void aTensorOpGivenTextOrATextOpGivenATensorIsAPoisonRecord() {
        assertThatThrownBy(() -> run("classify", Map.of(), PayloadCodec.encode(Payload.text("x"))))
                .isInstanceOfSatisfying(TaskException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.POISON_RECORD));
        assertThatThrownBy(() -> run("text-output", Map.of(), TensorCodec.encode(Tensor.ofFloats(new long[]{1}, new float[]{1}))))
                .isInstanceOfSatisfying(TaskException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.POISON_RECORD));
    }
}
