package io.braid.common.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.payload.Payload;
import io.braid.common.payload.PayloadKind;
import io.braid.common.tensor.Tensor;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Json;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;

import java.io.IOException;

/**
 * The text-only post-processing ops, plain Java so that both the postprocess stage and an io pool (which applies
 * them itself, sparing a Kafka hop) run the same code: {@code text-output} (a model's text, with token usage and finish reason, as the branch output) and
 * {@code embedding-output} (a vector as the branch output).
 */
public final class TextOutputs {
    private TextOutputs() {
    }

    /**
     * The text of a text payload, or of a chat reply (a JSON payload {@code {text, usage, finishReason}}); with
     * {@code parse: json} the text is parsed and becomes {@code output.data}; {@code maxChars} cuts it.
     */
    public static BranchOutput text(Payload payload, Step step) {
        String text;
        BranchOutput.Usage usage = null;
        String finish = null;
        if (payload.kind() == PayloadKind.JSON) {
            JsonNode reply = ItemFields.parse(payload);
            if (!reply.path("text").isTextual()) {
                throw new TaskException(ErrorCode.BAD_INPUT, "text-output takes a text or a reply with a text field");
            }
            text = reply.get("text").asText();
            if (reply.path("usage").isObject()) {
                JsonNode u = reply.get("usage");
                usage = new BranchOutput.Usage(u.path("promptTokens").asLong(), u.path("completionTokens").asLong(),
                        u.path("totalTokens").asLong());
            }
            finish = reply.path("finishReason").isTextual() ? reply.get("finishReason").asText() : null;
        } else {
            text = payload.string();
        }
        int max = (int) step.number("maxChars", 0);
        if (max > 0 && text.length() > max) {
            text = text.substring(0, max);
            finish = finish == null ? "cut" : finish;
        }
        if ("json".equals(step.params().get("parse"))) {
            try {
                return new BranchOutput(null, null, null, null, Json.MAPPER.readTree(strip(text)), null, usage, finish);
            } catch (IOException e) {
                throw new TaskException(ErrorCode.INFERENCE_FAILED, "the model's answer is not the JSON asked for: "
                        + e.getMessage(), e);
            }
        }
        return BranchOutput.text(text, usage, finish);
    }

    /** A 1-D float tensor as a vector, scaled to unit length with {@code normalize: true}. */
    public static BranchOutput embedding(Tensor t, Step step) {
        float[] v = t.floats();
        if (t.shape().length != 1 && !(t.shape().length == 2 && t.shape()[0] == 1)) {
            throw new TaskException(ErrorCode.SHAPE_MISMATCH, "embedding-output takes a vector, got shape "
                    + java.util.Arrays.toString(t.shape()));
        }
        if (step.flag("normalize", false)) {
            double sum = 0;
            for (float x : v) {
                sum += (double) x * x;
            }
            double norm = Math.sqrt(sum);
            if (norm > 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (v[i] / norm);
                }
            }
        }
        return BranchOutput.vector(v, null);
    }

    /** A model's JSON answer in a Markdown fence ({@code ```json ... ```}) is the JSON inside it. */
    public static String strip(String text) {
        String s = text.strip();
        if (s.startsWith("```")) {
            int nl = s.indexOf('\n');
            int end = s.lastIndexOf("```");
            if (nl > 0 && end > nl) {
                return s.substring(nl + 1, end).strip();
            }
        }
        return s;
    }
}
