package io.braid.postprocess.ops;

import io.braid.common.tensor.Tensor;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;

/** Runs the post-processing operator a slip step names. */
public final class Postprocessor {
    private Postprocessor() {
    }

    public static BranchOutput run(Step step, Tensor input) {
        return switch (step.op()) {
            case "classify" -> Classify.apply(input, step);
            default -> throw new TaskException(ErrorCode.BAD_INPUT, "unknown postprocess op '" + step.op() + "'");
        };
    }
}
