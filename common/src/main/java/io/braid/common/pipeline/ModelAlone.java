package io.braid.common.pipeline;

import io.braid.common.tensor.DType;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model served alone: the single-branch pipeline, named after the model, that the gateway's Open Inference
 * Protocol v2 endpoint ({@code /v2/models/<model>/infer}) and the dispatcher both resolve a model's name to when
 * no pipeline has that name. It runs through the real stages like any pipeline: {@code image-to-tensor} to the
 * model's declared height and width, the model on its pool, {@code classify} with the model's labels; the
 * reducer {@code mean} of one branch is that branch's probabilities.
 * <p>
 * Only what the image pre-processing can feed is served alone: a {@code float32} input of shape
 * {@code [1, H, W]} (one grey channel) and a classification output of one score per label.
 */
public final class ModelAlone {
    /** Default deadline of a model served alone, as for a pipeline that does not set one. */
    public static final long DEADLINE_MS = 30_000;
    /** Top-k entries of the classify step (fewer when the model has fewer labels). */
    static final int TOP_K = 3;

    private ModelAlone() {
    }

    /** Why {@code model} cannot be served alone, or null when it can. */
    public static String unservable(ModelSpec model) {
        long[] in = model.input() == null ? null : model.input().shape();
        if (model.input() == null || model.input().dtype() != DType.FLOAT32 || in.length != 3 || in[0] != 1
                || in[1] < 1 || in[2] < 1) {
            return "model '" + model.name() + "' takes " + describe(model.input())
                    + "; a model served alone takes float32 [1, H, W], the tensor that image pre-processing makes";
        }
        if (model.labels().isEmpty()) {
            return "model '" + model.name() + "' has no labels; a model served alone is a classifier with labels";
        }
        long[] out = model.output() == null ? null : model.output().shape();
        if (out != null && (out.length != 1 || out[0] != model.labels().size())) {
            return "model '" + model.name() + "' outputs " + describe(model.output()) + " for "
                    + model.labels().size() + " labels; a model served alone outputs one score per label";
        }
        return null;
    }

    /** The pipeline that serves {@code model} alone, or empty when it {@link #unservable cannot be}. */
    public static Optional<PipelineDefinition> pipeline(ModelSpec model) {
        if (unservable(model) != null) {
            return Optional.empty();
        }
        long[] shape = model.input().shape();
        PipelineDefinition.Operator pre = new PipelineDefinition.Operator("image-to-tensor",
                Map.of("width", (int) shape[2], "height", (int) shape[1]));
        PipelineDefinition.Operator post = new PipelineDefinition.Operator("classify",
                Map.of("topK", Math.min(TOP_K, model.labels().size())));
        PipelineDefinition.JoinSpec join = new PipelineDefinition.JoinSpec(PipelineDefinition.JoinPolicy.ALL, 1, -1,
                DEADLINE_MS, PipelineDefinition.OnTimeout.PARTIAL);
        return Optional.of(new PipelineDefinition(model.name(), "model " + model.name() + " served alone", "image", pre,
                List.of(new PipelineDefinition.Branch(model.name(), model.name(), null)), post, join,
                PipelineDefinition.Reducer.MEAN, PipelineDefinition.Retry.DEFAULT,
                PipelineDefinition.DEFAULT_ITEMS_PER_TASK));
    }

    private static String describe(ModelSpec.TensorSpec t) {
        return t == null ? "no declared tensor" : t.dtype().name().toLowerCase(java.util.Locale.ROOT) + " "
                + java.util.Arrays.toString(t.shape());
    }
}
