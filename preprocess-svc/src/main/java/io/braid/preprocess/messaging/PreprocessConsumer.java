package io.braid.preprocess.messaging;

import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.Hop;
import io.braid.preprocess.config.PreprocessConfig;
import io.braid.preprocess.ops.Preprocessor;
import io.braid.stage.AsyncPermits;
import io.braid.stage.TaskStage;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Consumes {@code braid.preprocess}: runs the slip's operator once per item and forks the tensor to every branch. */
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
        return stage.handle(msg, STAGE, permits, (task, value) -> CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            byte[] tensor = TensorCodec.encode(Preprocessor.run(task.slip().current(), value));
            long millis = (System.nanoTime() - start) / 1_000_000;
            List<Hop> hops = Hop.forward(task, tensor, STAGE, millis);
            return hops;
        }, Infrastructure.getDefaultWorkerPool()));
    }
}
