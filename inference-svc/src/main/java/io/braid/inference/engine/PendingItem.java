package io.braid.inference.engine;

import io.braid.common.tensor.Tensor;
import io.opentelemetry.api.trace.SpanContext;

import java.util.concurrent.CompletableFuture;

/**
 * One task waiting in a model's batch queue.
 *
 * @param jobId      the task's job
 * @param item       the task's item index
 * @param input      the item's input tensor
 * @param priority   the job's priority (higher first)
 * @param deadline   absolute deadline, epoch ms
 * @param enqueuedAt monotonic enqueue time, ns
 * @param result     completed with the item's output, or exceptionally with a typed error
 * @param trace      the span of the task's work at this stage (its batch links to it); invalid when not traced
 * @param started    completed when the item's batch starts running (never, when it is dropped before)
 */
public record PendingItem(String jobId, int item, Tensor input, int priority, long deadline, long enqueuedAt,
                          CompletableFuture<Tensor> result, SpanContext trace, CompletableFuture<Void> started) {
}
