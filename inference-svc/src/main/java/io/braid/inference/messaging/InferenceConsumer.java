package io.braid.inference.messaging;

import io.braid.common.tensor.Tensor;
import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.TaskException;
import io.braid.common.wire.WireFormatException;
import io.braid.inference.config.InferenceConfig;
import io.braid.inference.engine.ModelRegistry;
import io.braid.inference.engine.ServedModel;
import io.braid.inference.remote.RemoteStage;
import io.braid.stage.AsyncPermits;
import io.braid.stage.ItemResults;
import io.braid.stage.ProgressMarks;
import io.braid.stage.TaskStage;
import io.braid.common.progress.Stage;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Consumes this pool's topic and hands the items of each task to its model's batch queue, all or none. The consumer keeps
 * polling while tasks wait, so batches can form; each record is acked once its output is sent.
 */
@ApplicationScoped
public class InferenceConsumer {
    static final String STAGE = "inference";

    private final TaskStage stage;
    private final ModelRegistry registry;
    private final AsyncPermits permits;
    private final ProgressMarks marks;

    @Inject
    public InferenceConsumer(TaskStage stage, ModelRegistry registry, InferenceConfig config, ProgressMarks marks) {
        this.stage = stage;
        this.marks = marks;
        this.registry = registry;
        this.permits = new AsyncPermits(config.inference().maxInFlight());
    }

    @Incoming("tasks")
    public CompletionStage<Void> onTask(Message<byte[]> msg) {
        return stage.handle(msg, STAGE, permits, (task, parts) -> {
            String modelName = task.slip().current().op();
            var remote = registry.findRemote(modelName);
            if (remote.isPresent()) {
                return RemoteStage.run(task, parts, remote.get(), marks, Infrastructure.getDefaultWorkerPool());
            }
            ServedModel model = registry.find(modelName).orElseThrow(() -> new TaskException(
                    ErrorCode.MODEL_NOT_FOUND, "pool does not serve model '" + modelName + "' (serves "
                    + registry.models() + ")"));
            ItemResults results = new ItemResults(parts.size());
            List<Integer> items = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            List<Tensor> inputs = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                try {
                    inputs.add(TensorCodec.decode(parts.get(i)));
                    items.add(task.items().get(i));
                    positions.add(i);
                } catch (WireFormatException e) {
                    results.fail(i, new TaskException(ErrorCode.POISON_RECORD, "input is not a tensor: " + e.getMessage(), e));
                }
            }
            // the work span is current here (TaskStage): each batch carrying these items links to it
            CompletableFuture<Void> started = new CompletableFuture<>();
            List<CompletableFuture<Tensor>> outputs = model.submitAll(task.jobId(), items, inputs, task.priority(),
                    task.deadline(), Span.current().getSpanContext(), started);
            // the task's items entered a running batch: reported beside the work; the results wait for the mark's send
            CompletableFuture<Void> marked = new CompletableFuture<>();
            started.thenCompose(v -> marks.entered(task, Stage.INFERENCE)).thenRun(() -> marked.complete(null));
            // the instance thread that completes an item only records it; encoding and sending run on a worker
            Object[] done = new Object[outputs.size()];
            CompletableFuture<?>[] each = new CompletableFuture<?>[outputs.size()];
            for (int k = 0; k < outputs.size(); k++) {
                int slot = k;
                each[k] = outputs.get(k).handle((out, failure) -> {
                    done[slot] = failure == null ? out : failure;
                    return null;
                });
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(each);
            // a task none of whose items ever ran (dropped, expired) has no inference mark to wait for
            all.thenRun(() -> {
                if (!started.isDone()) {
                    marked.complete(null);
                }
            });
            return all.thenCombine(marked, (a, b) -> a).thenApplyAsync(v -> {
                for (int k = 0; k < done.length; k++) {
                    int position = positions.get(k);
                    if (done[k] instanceof Tensor out) {
                        results.forward(position, TensorCodec.encode(out));
                    } else {
                        Throwable failure = (Throwable) done[k];
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        results.fail(position, cause instanceof TaskException te ? te
                                : new TaskException(ErrorCode.INFERENCE_FAILED, cause.toString(), cause));
                    }
                }
                return results;
            }, Infrastructure.getDefaultWorkerPool());
        });
    }
}
