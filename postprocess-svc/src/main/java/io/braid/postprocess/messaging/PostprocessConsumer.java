package io.braid.postprocess.messaging;

import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Hop;
import io.braid.common.wire.OutcomeStatus;
import io.braid.common.wire.TaskException;
import io.braid.common.wire.WireFormatException;
import io.braid.postprocess.config.PostprocessConfig;
import io.braid.postprocess.ops.Postprocessor;
import io.braid.stage.AsyncPermits;
import io.braid.stage.TaskStage;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Consumes {@code braid.postprocess}: turns a branch's inference output into its outcome on {@code braid.results}. */
@ApplicationScoped
public class PostprocessConsumer {
    static final String STAGE = "postprocess";

    private final TaskStage stage;
    private final AsyncPermits permits;
    private final Clock clock;

    @Inject
    public PostprocessConsumer(TaskStage stage, PostprocessConfig config, Clock clock) {
        this.stage = stage;
        this.clock = clock;
        this.permits = new AsyncPermits(config.concurrency());
    }

    @Incoming("tasks")
    public CompletionStage<Void> onTask(Message<byte[]> msg) {
        return stage.handle(msg, STAGE, permits, (task, value) -> CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            BranchOutput output;
            try {
                output = Postprocessor.run(task.slip().current(), TensorCodec.decode(value));
            } catch (WireFormatException e) {
                throw new TaskException(ErrorCode.POISON_RECORD, "inference output is not a tensor: " + e.getMessage(), e);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            return List.of(Hop.outcome(task.outcome(task.branch(), OutcomeStatus.OK, output, null, STAGE, millis,
                    clock.millis())));
        }, Infrastructure.getDefaultWorkerPool()));
    }
}
