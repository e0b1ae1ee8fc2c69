package io.braid.dispatcher.messaging;

import io.braid.common.wire.Hop;
import io.braid.stage.AsyncPermits;
import io.braid.stage.HopSender;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * How the dispatcher's consumers process a record: on a worker thread, at most as many at once as
 * the permits allow, sending what the handler produced and acking only after the broker
 * acknowledged it (a failure nacks, so the record is redelivered).
 */
final class Inbox {
    private final AsyncPermits permits;
    private final HopSender sender;

    Inbox(int concurrency, HopSender sender) {
        this.permits = new AsyncPermits(concurrency);
        this.sender = sender;
    }

    /** Completes when the record holds a permit; the ack follows when its outputs are sent. */
    <M extends Message<?>> CompletionStage<Void> process(M msg, Function<M, List<Hop>> handler) {
        return permits.acquire().thenAccept(held -> CompletableFuture
                .supplyAsync(() -> handler.apply(msg), Infrastructure.getDefaultWorkerPool())
                .thenCompose(sender::send)
                .handle((v, t) -> t == null ? msg.ack() : msg.nack(t))
                .thenCompose(s -> s)
                .whenComplete((v, t) -> permits.release()));
    }
}
