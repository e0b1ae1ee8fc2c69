package io.braid.preprocess.ops;

import io.braid.common.tensor.Tensor;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;

/** Runs the pre-processing operator a slip step names. */
public final class Preprocessor {
    private Preprocessor() {
    }

    public static Tensor run(Step step, byte[] input) {
        return switch (step.op()) {
            case "image-to-tensor" -> ImageToTensor.apply(input, step);
            default -> throw new TaskException(ErrorCode.BAD_INPUT, "unknown preprocess op '" + step.op() + "'");
        };
    }
}
