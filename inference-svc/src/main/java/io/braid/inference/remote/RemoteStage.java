package io.braid.inference.remote;

import io.braid.common.progress.Stage;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.TaskException;
import io.braid.common.wire.TaskHeaders;
import io.braid.stage.ItemResults;
import io.braid.stage.ProgressMarks;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The inference work of a task for an http model: the task's inference mark is sent first (its calls start at
 * once: there is no batch queue to wait in), then every item's call; the results are complete when every call
 * ended, each item with its output or its typed error.
 */
public final class RemoteStage {
    private RemoteStage() {
    }

    public static CompletionStage<ItemResults> run(TaskHeaders task, List<byte[]> parts, RemoteModel model,
                                                   ProgressMarks marks) {
        ItemResults results = new ItemResults(parts.size());
        List<CompletableFuture<byte[]>> calls = model.run(task.slip().current(), parts, task.deadline());
        CompletableFuture<?>[] each = new CompletableFuture<?>[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            int index = i;
            each[i] = calls.get(i).handle((out, failure) -> {
                if (failure == null) {
                    results.forward(index, out);
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
}
