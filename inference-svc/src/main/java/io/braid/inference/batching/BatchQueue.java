package io.braid.inference.batching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A bounded queue that hands out batches: a batch closes when it holds {@code maxBatchSize} items
 * or when its oldest item has waited {@code maxBatchDelay}, whichever comes first. Items that
 * expire while queued are handed to the expiry callback and never enter a batch.
 *
 * <p>Plain Java with an injectable nano clock, so its timing is unit-tested without a model.
 *
 * @param <T> the queued item
 */
public final class BatchQueue<T> {
    private final int capacity;
    private final int maxBatchSize;
    private final long maxDelayNanos;
    private final LongSupplier nanoClock;
    private final Predicate<T> expired;
    private final Consumer<T> onExpired;
    private final ArrayDeque<Entry<T>> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private boolean closed;

    private record Entry<T>(T item, long enqueuedNanos) {
    }

    /**
     * @param capacity     items queued at most; {@link #offer} refuses beyond it
     * @param maxBatchSize items per batch at most
     * @param maxDelay     longest wait of a batch's oldest item before the batch closes
     * @param nanoClock    monotonic time source ({@code System::nanoTime} in production)
     * @param expired      whether an item's deadline has passed
     * @param onExpired    receives items dropped for expiry (outside the lock)
     */
    public BatchQueue(int capacity, int maxBatchSize, java.time.Duration maxDelay, LongSupplier nanoClock,
                      Predicate<T> expired, Consumer<T> onExpired) {
        if (maxBatchSize < 1 || capacity < maxBatchSize) {
            throw new IllegalArgumentException("need 1 <= maxBatchSize <= capacity, got " + maxBatchSize + " and " + capacity);
        }
        this.capacity = capacity;
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = maxDelay.toNanos();
        this.nanoClock = nanoClock;
        this.expired = expired;
        this.onExpired = onExpired;
    }

    /** Enqueues an item; false when the queue is full or closed (the caller reports overload). */
    public boolean offer(T item) {
        lock.lock();
        try {
            if (closed || queue.size() >= capacity) {
                return false;
            }
            queue.addLast(new Entry<>(item, nanoClock.getAsLong()));
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks for the next batch: waits for a first item, then until the batch is full or the
     * oldest item has waited {@code maxBatchDelay}. Returns an empty list when the queue is closed
     * and drained, or when {@code idleTimeout} passes with nothing queued.
     */
    public List<T> takeBatch(java.time.Duration idleTimeout) throws InterruptedException {
        List<T> dropped = new ArrayList<>();
        List<T> batch = new ArrayList<>();
        lock.lock();
        try {
            long idleDeadline = nanoClock.getAsLong() + idleTimeout.toNanos();
            while (true) {
                dropExpired(dropped);
                if (!queue.isEmpty()) {
                    long waited = nanoClock.getAsLong() - queue.peekFirst().enqueuedNanos();
                    if (queue.size() >= maxBatchSize || waited >= maxDelayNanos || closed) {
                        while (batch.size() < maxBatchSize && !queue.isEmpty()) {
                            batch.add(queue.pollFirst().item());
                        }
                        return batch;
                    }
                    notEmpty.awaitNanos(maxDelayNanos - waited);
                } else {
                    long left = idleDeadline - nanoClock.getAsLong();
                    if (closed || left <= 0) {
                        return batch;
                    }
                    notEmpty.awaitNanos(left);
                }
            }
        } finally {
            lock.unlock();
            dropped.forEach(onExpired);
        }
    }

    private void dropExpired(List<T> dropped) {
        for (Iterator<Entry<T>> it = queue.iterator(); it.hasNext(); ) {
            Entry<T> e = it.next();
            if (expired.test(e.item())) {
                it.remove();
                dropped.add(e.item());
            }
        }
    }

    /** Refuses new items and wakes the takers; queued items are still handed out. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }
}
