package io.braid.postprocess.ops;

import io.braid.common.ops.TextOutputs;
import io.braid.common.payload.PayloadCodec;
import io.braid.common.tensor.Tensor;
import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.WireFormatException;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;

/** Runs the post-processing operator a slip step names. */
public final class Postprocessor {
    private Postprocessor() {
    }

    /** The branch output made from one item's inference output (a tensor record, or a text/JSON payload record). */
    public static BranchOutput run(Step step, byte[] input) {
        return switch (step.op()) {
            case "classify" -> Classify.apply(tensor(step, input), step);
            case "embedding-output" -> TextOutputs.embedding(tensor(step, input), step);
            case "text-output" -> {
                if (!PayloadCodec.isPayload(input)) {
                    throw new TaskException(ErrorCode.POISON_RECORD, "text-output takes a text or JSON payload; "
                            + "the inference output is not one");
                }
                yield TextOutputs.text(PayloadCodec.decode(input), step);
            }
            default -> throw new TaskException(ErrorCode.BAD_INPUT, "unknown postprocess op '" + step.op() + "'");
        };
    }

    private static Tensor tensor(Step step, byte[] input) {
        try {
            return TensorCodec.decode(input);
        } catch (WireFormatException e) {
            throw new TaskException(ErrorCode.POISON_RECORD, step.op() + " takes a tensor; the inference output is not one: "
                    + e.getMessage(), e);
        }
    }
}
