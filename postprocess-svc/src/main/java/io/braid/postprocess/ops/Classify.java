package io.braid.postprocess.ops;

import io.braid.common.tensor.Tensor;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.LabelScore;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The {@code classify} operator: logits → softmax probabilities → top-k labels.
 * Parameters: {@code topK} (default 3) and {@code labels} (class names in output order; the
 * class index is used when absent).
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
        double[] p = softmax(values);
        int k = Math.min(values.length, Math.max(1, (int) step.number("topK", 3)));
        return new BranchOutput(labels.get(argmax(p)), p, topK(p, labels, k));
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

    /** The k most probable labels, best first; ties keep label order. */
    public static List<LabelScore> topK(double[] p, List<String> labels, int k) {
        return IntStream.range(0, p.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparingInt(i -> i))
                .limit(k)
                .map(i -> new LabelScore(labels.get(i), p[i]))
                .toList();
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
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
