package io.braid.stage;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A semaphore whose acquire is a future instead of a blocked thread: a consumer on the event loop
 * waits for room without blocking it. Bounds how many tasks a stage holds in flight.
 */
public final class AsyncPermits {
    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private int available;

    public AsyncPermits(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1, got " + permits);
        }
        this.available = permits;
    }

    /** Completes when a permit is held by the caller. */
    public CompletionStage<Void> acquire() {
        synchronized (this) {
            if (available > 0) {
                available--;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            waiters.add(f);
            return f;
        }
    }

    /** Returns a permit, handing it straight to the oldest waiter if there is one. */
    public void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiters.poll();
            if (next == null) {
                available++;
                return;
            }
        }
        next.complete(null);
    }

    public synchronized int available() {
        return available;
    }

    public synchronized int waiting() {
        return waiters.size();
    }
}
