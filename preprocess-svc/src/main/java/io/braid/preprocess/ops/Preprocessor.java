package io.braid.preprocess.ops;

import io.braid.common.image.ImageLimits;
import io.braid.common.payload.PayloadCodec;
import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;

/** Runs the pre-processing operator a slip step names. */
public final class Preprocessor {
    private Preprocessor() {
    }

    /** The step's output for one item, encoded for the next stage (a tensor record or a text/JSON payload record). */
    public static byte[] run(Step step, byte[] input, ImageLimits limits) {
        return switch (step.op()) {
            case "image-to-tensor" -> TensorCodec.encode(ImageToTensor.apply(input, step, limits));
            case "text-template" -> PayloadCodec.encode(TextOps.template(input, step));
            case "json-select" -> PayloadCodec.encode(TextOps.select(input, step));
            default -> throw unknown(step);
        };
    }

    /**
     * The pixels the step will decode from this input, read from its header before any decode
     * (0 for an operator that decodes no image); a typed error when the header is unreadable or
     * declares more than {@code limits} allow.
     */
    public static long pixels(Step step, byte[] input, ImageLimits limits) {
        return switch (step.op()) {
            case "image-to-tensor" -> ImageToTensor.header(input, limits).pixels();
            case "text-template", "json-select" -> 0;
            default -> throw unknown(step);
        };
    }

    private static TaskException unknown(Step step) {
        return new TaskException(ErrorCode.BAD_INPUT, "unknown preprocess op '" + step.op() + "'");
    }
}
