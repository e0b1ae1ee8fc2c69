package io.braid.preprocess.messaging;

import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.TaskException;
import io.braid.preprocess.config.PreprocessConfig;
import io.braid.preprocess.ops.Preprocessor;
import io.braid.stage.AsyncPermits;
import io.braid.stage.ItemResults;
import io.braid.stage.TaskStage;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Consumes {@code braid.preprocess}: runs the slip's operator once per item and forks the tensors to every branch. */
@ApplicationScoped
public class PreprocessConsumer {
    static final String STAGE = "preprocess";

    private final TaskStage stage;
    private final AsyncPermits permits;

    @Inject
    public PreprocessConsumer(TaskStage stage, PreprocessConfig config) {
        this.stage = stage;
        this.permits = new AsyncPermits(config.concurrency());
    }

    @Incoming("tasks")
    public CompletionStage<Void> onTask(Message<byte[]> msg) {
        return stage.handle(msg, STAGE, permits, (task, parts) -> {
            // the items of one task are pre-processed in parallel on the worker pool
            ItemResults results = new ItemResults(parts.size());
            CompletableFuture<?>[] each = new CompletableFuture<?>[parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                int index = i;
                each[i] = CompletableFuture.runAsync(() -> {
                    try {
                        results.forward(index, TensorCodec.encode(Preprocessor.run(task.slip().current(), parts.get(index))));
                    } catch (TaskException e) {
                        results.fail(index, e);
                    }
                }, Infrastructure.getDefaultWorkerPool());
            }
            return CompletableFuture.allOf(each).thenApply(v -> results);
        });
    }
}
