package io.braid.postprocess.messaging;

import io.braid.common.wire.TaskException;
import io.braid.postprocess.config.PostprocessConfig;
import io.braid.postprocess.ops.Postprocessor;
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

/** Consumes {@code braid.postprocess}: turns a branch's inference output into its outcome on {@code braid.results}. */
@ApplicationScoped
public class PostprocessConsumer {
    static final String STAGE = "postprocess";

    private final TaskStage stage;
    private final AsyncPermits permits;

    @Inject
    public PostprocessConsumer(TaskStage stage, PostprocessConfig config) {
        this.stage = stage;
        this.permits = new AsyncPermits(config.concurrency());
    }

    @Incoming("tasks")
    public CompletionStage<Void> onTask(Message<byte[]> msg) {
        return stage.handle(msg, STAGE, permits, (task, parts) -> CompletableFuture.supplyAsync(() -> {
            ItemResults results = new ItemResults(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                try {
                    results.output(i, Postprocessor.run(task.slip().current(), parts.get(i)));
                } catch (TaskException e) {
                    results.fail(i, e);
                }
            }
            return results;
        }, Infrastructure.getDefaultWorkerPool()));
    }
}
