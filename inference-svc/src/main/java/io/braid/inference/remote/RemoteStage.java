package io.braid.inference.remote;

import io.braid.common.ops.TextOutputs;
import io.braid.common.payload.PayloadCodec;
import io.braid.common.progress.Stage;
import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.RoutingSlip;
import io.braid.common.wire.Step;
import io.braid.common.wire.WireFormatException;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.TaskException;
import io.braid.common.wire.TaskHeaders;
import io.braid.stage.ItemResults;
import io.braid.stage.ProgressMarks;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The inference work of a task for an http model: the task's inference mark is sent first (its calls start at
 * once: there is no batch queue to wait in), then every item's call; the results are complete when every call
 * ended, each item with its output or its typed error.
 * <p>
 * When the slip's only remaining step is a text-only post-processing op ({@code text-output},
 * {@code embedding-output}: a few microseconds of work), the io pool applies it itself and the branch ends here,
 * sparing a Kafka hop and a record per item; any other op (e.g. {@code classify}) stays with the postprocess stage.
 */
public final class RemoteStage {
    /** The ops an io pool applies itself. */
    static final Set<String> FUSED = Set.of("text-output", "embedding-output");

    private RemoteStage() {
    }

    public static CompletionStage<ItemResults> run(TaskHeaders task, List<byte[]> parts, RemoteModel model,
                                                   ProgressMarks marks, Executor starter) {
        ItemResults results = new ItemResults(parts.size());
        Step fused = fusedPostprocess(task.slip());
        // the calls start on a worker: the consumer goes on to the next record (e.g. the job's next branch) at once
        CompletableFuture<List<CompletableFuture<byte[]>>> started = CompletableFuture.supplyAsync(
                () -> model.run(task.slip().current(), parts, task.deadline()), starter);
        return started.thenCompose(calls -> collect(task, calls, results, fused, marks));
    }

    private static CompletionStage<ItemResults> collect(TaskHeaders task, List<CompletableFuture<byte[]>> calls,
                                                        ItemResults results, Step fused, ProgressMarks marks) {
        CompletableFuture<?>[] each = new CompletableFuture<?>[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            int index = i;
            each[i] = calls.get(i).handle((out, failure) -> {
                if (failure == null && fused == null) {
                    results.forward(index, out);
                } else if (failure == null) {
                    try {
                        results.output(index, postprocess(fused, out));
                    } catch (TaskException e) {
                        results.fail(index, e);
                    }
                } else {
                    Throwable cause = RemoteModel.unwrap(failure);
                    results.fail(index, cause instanceof TaskException te ? te
                            : new TaskException(ErrorCode.INTERNAL, cause.toString(), cause));
                }
                return null;
            });
        }
        CompletableFuture<Void> marked = marks.entered(task, Stage.INFERENCE).toCompletableFuture();
        return CompletableFuture.allOf(each).thenCombine(marked, (a, b) -> results);
    }

    /** The text-only post-processing step this stage runs itself, or null when the postprocess stage runs it. */
    static Step fusedPostprocess(RoutingSlip slip) {
        if (slip.steps().size() != 2 || !slip.forks().isEmpty()) {
            return null;
        }
        Step next = slip.steps().get(1);
        return "postprocess".equals(next.stage()) && FUSED.contains(next.op()) ? next : null;
    }

    /** The branch output of one call's value through a fused op (a typed error when the value does not fit it). */
    static BranchOutput postprocess(Step step, byte[] value) {
        try {
            return "text-output".equals(step.op()) ? TextOutputs.text(PayloadCodec.decode(value), step)
                    : TextOutputs.embedding(TensorCodec.decode(value), step);
        } catch (WireFormatException e) {
            throw new TaskException(ErrorCode.INFERENCE_FAILED, step.op() + " cannot read the model's answer: "
                    + e.getMessage(), e);
        }
    }
}
