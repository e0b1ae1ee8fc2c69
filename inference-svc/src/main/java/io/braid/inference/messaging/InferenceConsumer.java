package io.braid.inference.messaging;

import io.braid.common.tensor.Tensor;
import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Hop;
import io.braid.common.wire.TaskException;
import io.braid.common.wire.WireFormatException;
import io.braid.inference.config.InferenceConfig;
import io.braid.inference.engine.ModelRegistry;
import io.braid.inference.engine.ServedModel;
import io.braid.stage.AsyncPermits;
import io.braid.stage.TaskStage;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consumes this pool's topic and hands each task to its model's batch queue. The consumer keeps
 * polling while tasks wait, so batches can form; each record is acked once its output is sent.
 */
@ApplicationScoped
public class InferenceConsumer {
    static final String STAGE = "inference";

    private final TaskStage stage;
    private final ModelRegistry registry;
    private final AsyncPermits permits;

    @Inject
    public InferenceConsumer(TaskStage stage, ModelRegistry registry, InferenceConfig config) {
        this.stage = stage;
        this.registry = registry;
        this.permits = new AsyncPermits(config.inference().maxInFlight());
    }

    @Incoming("tasks")
    public CompletionStage<Void> onTask(Message<byte[]> msg) {
        return stage.handle(msg, STAGE, permits, (task, value) -> {
            String modelName = task.slip().current().op();
            ServedModel model = registry.find(modelName).orElseThrow(() -> new TaskException(
                    ErrorCode.MODEL_NOT_FOUND, "pool does not serve model '" + modelName + "' (serves "
                    + registry.models() + ")"));
            Tensor input;
            try {
                input = TensorCodec.decode(value);
            } catch (WireFormatException e) {
                throw new TaskException(ErrorCode.POISON_RECORD, "input is not a tensor: " + e.getMessage(), e);
            }
            long start = System.nanoTime();
            CompletableFuture<Tensor> out = model.submit(task.jobId(), task.item(), input, task.priority(), task.deadline());
            // continue on a worker thread: the instance thread that completed the batch goes back to the model
            return out.thenApplyAsync(result -> Hop.forward(task, TensorCodec.encode(result), STAGE,
                    (System.nanoTime() - start) / 1_000_000), Infrastructure.getDefaultWorkerPool());
        });
    }
}
