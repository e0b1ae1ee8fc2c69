package io.braid.dispatcher.messaging;

import io.braid.common.wire.Hop;
import io.braid.stage.AsyncPermits;
import io.braid.stage.HopSender;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * How the dispatcher's consumers process a record: on a worker thread, at most as many at once as
 * the permits allow, sending what the handler produced and acking only after the broker
 * acknowledged it. Handlers are idempotent (every state change is a script that a repeat leaves
 * alone), so a failure is retried in place with backoff. An outage of Redis or the broker
 * ({@link Outage}: down, restarting, loading) is retried for as long as it lasts, the backoff capped at
 * {@link #MAX_BACKOFF_MS}: the records in hand wait, the consumer stops fetching when its queue is full,
 * and nothing is nacked, so a Redis restart pauses the dispatcher instead of stopping it. Any other
 * failure is tried {@link #ATTEMPTS} times, then the record is nacked, which stops the channel so the
 * record is redelivered.
 */
final class Inbox {
    private static final Logger LOG = Logger.getLogger(Inbox.class);
    /** Tries of a failing record before it is nacked, and the first backoff (doubled each time, to 6.4 s). */
    static final int ATTEMPTS = 8;
    static final long FIRST_BACKOFF_MS = 50;
    /** The longest wait between two tries of a record during an outage. */
    static final long MAX_BACKOFF_MS = 2000;

    private final AsyncPermits permits;
    private final HopSender sender;

    Inbox(int concurrency, HopSender sender) {
        this.permits = new AsyncPermits(concurrency);
        this.sender = sender;
    }

    /** Completes when the record holds a permit; the ack follows when its outputs are sent. */
    <M extends Message<?>> CompletionStage<Void> process(M msg, Function<M, List<Hop>> handler) {
        return permits.acquire().thenAccept(held -> attempt(msg, handler, 1, Infrastructure.getDefaultWorkerPool())
                .handle((v, t) -> t == null ? msg.ack() : msg.nack(t))
                .thenCompose(s -> s)
                .whenComplete((v, t) -> permits.release()));
    }

    private <M extends Message<?>> CompletableFuture<Void> attempt(M msg, Function<M, List<Hop>> handler, int n,
                                                                  Executor executor) {
        return CompletableFuture.supplyAsync(() -> handler.apply(msg), executor)
                .thenCompose(sender::send)
                .thenApply(v -> (Void) null)
                .toCompletableFuture()
                .exceptionallyCompose(t -> {
                    boolean outage = Outage.isOutage(t);
                    if (n >= ATTEMPTS && !outage) {
                        return CompletableFuture.failedFuture(t);
                    }
                    long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(n - 1, 16));
                    if (!outage || n <= ATTEMPTS || n % 30 == 0) {
                        LOG.warnf("processing a record failed (try %d%s), retrying in %d ms: %s", n,
                                outage ? ", Redis or the broker is away: retried until it is back" : " of " + ATTEMPTS,
                                backoff, t.getCause() != null ? t.getCause() : t);
                    }
                    return attempt(msg, handler, n + 1, CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS,
                            Infrastructure.getDefaultWorkerPool()));
                });
    }
}
