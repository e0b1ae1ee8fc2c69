package io.braid.postprocess.ops;

import io.braid.common.tensor.Tensor;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Probabilities;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The {@code classify} operator: logits → softmax probabilities → top-k labels.
 * Parameters: {@code topK} (default 3), {@code labels} (class names in output order; the
 * class index is used when absent) and {@code probabilities} (default true: whether the output
 * carries the full vector; the dispatcher sets it false when the pipeline's reducer does not need it,
 * since a 1000-class vector as JSON costs more CPU than the rest of the outcome).
 */
public final class Classify {
    private Classify() {
    }

    public static BranchOutput apply(Tensor logits, Step step) {
        float[] values;
        try {
            values = logits.floats();
        } catch (IllegalStateException e) {
            throw new TaskException(ErrorCode.BAD_INPUT, "classify needs float32 logits: " + e.getMessage());
        }
        if (values.length == 0) {
            throw new TaskException(ErrorCode.BAD_INPUT, "classify got an empty tensor");
        }
        List<String> labels = labels(step, values.length);
        int k = Math.max(1, (int) step.number("topK", 3));
        BranchOutput out = Probabilities.output(softmax(values), labels, k);
        return step.flag("probabilities", true) ? out : new BranchOutput(out.label(), null, out.topK());
    }

    /** Numerically stable softmax in double precision. */
    public static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] out = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    private static List<String> labels(Step step, int classes) {
        Object raw = step.params().get("labels");
        List<String> out = new ArrayList<>();
        if (raw instanceof List<?> l) {
            l.forEach(v -> out.add(String.valueOf(v)));
        }
        if (out.isEmpty()) {
            IntStream.range(0, classes).forEach(i -> out.add(Integer.toString(i)));
        } else if (out.size() != classes) {
            throw new TaskException(ErrorCode.SHAPE_MISMATCH, "model produced " + classes + " scores for "
                    + out.size() + " labels");
        }
        return out;
    }
}
