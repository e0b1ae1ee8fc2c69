package io.braid.preprocess.messaging;

import io.braid.common.image.ImageLimits;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;
import io.braid.preprocess.config.ImageConfig;
import io.braid.preprocess.config.PreprocessConfig;
import io.braid.preprocess.ops.PixelBudget;
import io.braid.preprocess.ops.Preprocessor;
import io.braid.stage.AsyncPermits;
import io.braid.stage.ItemResults;
import io.braid.stage.TaskStage;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code braid.preprocess}: runs the slip's operator once per item and forks the tensors to
 * every branch. Each item is checked from its header first (size limits), decoded within the task's
 * pixel budget, and ends on its own: whatever happens to one item (too large, undecodable, out of
 * memory, an unexpected exception) is that item's typed error and never fails the others of its record.
 */
@ApplicationScoped
public class PreprocessConsumer {
    static final String STAGE = "preprocess";
    private static final Logger LOG = Logger.getLogger(PreprocessConsumer.class);

    private final TaskStage stage;
    private final AsyncPermits permits;
    private final ImageLimits limits;
    private final long pixelBudget;

    @Inject
    public PreprocessConsumer(TaskStage stage, PreprocessConfig config, ImageConfig images) {
        this.stage = stage;
        this.permits = new AsyncPermits(config.concurrency());
        this.limits = new ImageLimits(images.maxSide(), images.maxPixels());
        this.pixelBudget = config.pixelBudget();
        new PixelBudget(pixelBudget); // refuses a non-positive budget at start-up
    }

    @Incoming("tasks")
    public CompletionStage<Void> onTask(Message<byte[]> msg) {
        return stage.handle(msg, STAGE, permits, (task, parts) -> {
            // the items of one task are pre-processed in parallel on the worker pool, within its pixel budget
            Step step = task.slip().current();
            PixelBudget budget = new PixelBudget(pixelBudget);
            ItemResults results = new ItemResults(parts.size());
            CompletableFuture<?>[] each = new CompletableFuture<?>[parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                int index = i;
                byte[] input = parts.get(i);
                long pixels;
                try {
                    pixels = Preprocessor.pixels(step, input, limits);
                } catch (TaskException e) {
                    results.fail(index, e);
                    each[i] = CompletableFuture.completedFuture(null);
                    continue;
                }
                String what = "item " + task.items().get(i);
                each[i] = budget.acquire(pixels, what).thenRunAsync(() -> {
                    try {
                        results.forward(index, Preprocessor.run(step, input, limits));
                    } finally {
                        budget.release(pixels);
                    }
                }, Infrastructure.getDefaultWorkerPool()).exceptionally(failure -> {
                    results.fail(index, itemError(what, pixels, failure));
                    return null;
                });
            }
            return CompletableFuture.allOf(each).thenApply(v -> results);
        });
    }

    /** What ended one item, as a typed error of that item alone. */
    static TaskException itemError(String what, long pixels, Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof TaskException te) {
            return te;
        }
        if (t instanceof OutOfMemoryError) {
            // reached only where the JVM does not exit on OutOfMemoryError (the services run with -XX:+ExitOnOutOfMemoryError)
            LOG.errorf(t, "out of memory pre-processing %s (%d pixels)", what, pixels);
            return new TaskException(ErrorCode.RESOURCE_EXHAUSTED, "out of memory pre-processing " + what + " ("
                    + pixels + " pixels); not retried", t);
        }
        LOG.errorf(t, "unexpected failure pre-processing %s", what);
        return new TaskException(ErrorCode.INTERNAL, t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    }
}
