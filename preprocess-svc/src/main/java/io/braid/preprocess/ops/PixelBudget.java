package io.braid.preprocess.ops;

import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.TaskException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The pixels a task may hold decoded at once ({@code braid.preprocess.pixel-budget}). The items of a
 * task are decoded in parallel while their pixels fit together; the next waits, in item order, until
 * an earlier one releases its pixels. An image larger than the whole budget can never be decoded and
 * is refused at once with {@code TOO_LARGE}, before any decode; the other items are unaffected.
 * With at most {@code braid.preprocess.concurrency} tasks at a time, decoded images never hold more
 * than concurrency × budget × bytes per pixel of the heap.
 *
 * <p>Non-blocking: {@link #acquire} answers a future, completed (on the releasing thread) when the
 * pixels are reserved. First come, first served, so a large image is not starved by small ones.
 */
public final class PixelBudget {
    private final long capacity;
    private long available;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();

    private record Waiter(long pixels, CompletableFuture<Void> ready) {
    }

    public PixelBudget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("braid.preprocess.pixel-budget must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.available = capacity;
    }

    public long capacity() {
        return capacity;
    }

    /**
     * Reserves {@code pixels}: completes at once when they fit and nobody waits before, else when
     * enough are released. Fails at once with {@code TOO_LARGE} when they exceed the whole budget.
     */
    public CompletableFuture<Void> acquire(long pixels, String what) {
        if (pixels > capacity) {
            return CompletableFuture.failedFuture(new TaskException(ErrorCode.TOO_LARGE, what + " has " + pixels
                    + " pixels, more than a task may decode (braid.preprocess.pixel-budget " + capacity + ")"));
        }
        synchronized (this) {
            if (waiting.isEmpty() && pixels <= available) {
                available -= pixels;
                return CompletableFuture.completedFuture(null);
            }
            Waiter w = new Waiter(pixels, new CompletableFuture<>());
            waiting.add(w);
            return w.ready();
        }
    }

    /** Gives back what an {@link #acquire} reserved; waiters that now fit are completed in order. */
    public void release(long pixels) {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        synchronized (this) {
            available = Math.min(capacity, available + pixels);
            while (!waiting.isEmpty() && waiting.peek().pixels() <= available) {
                Waiter w = waiting.poll();
                available -= w.pixels();
                ready.add(w.ready());
            }
        }
        ready.forEach(f -> f.complete(null));
    }

    /** Pixels not reserved now. */
    public synchronized long available() {
        return available;
    }

    /** Acquisitions waiting for pixels. */
    public synchronized int waiting() {
        return waiting.size();
    }
}
