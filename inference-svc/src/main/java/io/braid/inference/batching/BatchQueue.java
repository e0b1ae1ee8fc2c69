package io.braid.inference.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * A bounded, prioritized queue that hands out batches (see {@link BatchPolicy}): a batch closes
 * when the queue holds the preferred (or maximum) size, or when its oldest item has waited the
 * maximum delay. Items are served from the highest priority level first, earliest deadline first
 * within a level; a lower level's item that has waited longer than the starvation bound is served
 * first. Items that become unwanted while queued (expired, cancelled) never enter a batch: they go
 * to the drop callback.
 *
 * <p>Plain Java with an injectable nano clock, so its behaviour is unit-tested without a model.
 *
 * @param <T> the queued item
 */
public final class BatchQueue<T> {
    private final BatchPolicy policy;
    private final LongSupplier nanoClock;
    private final ToIntFunction<T> priority;
    private final ToLongFunction<T> deadline;
    private final Predicate<T> unwanted;
    private final Consumer<T> onDropped;
    private final List<PriorityQueue<Entry<T>>> lanes = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int size;
    private long sequence;
    private boolean closed;
    /** Weight of the newest gap in the moving average of arrival gaps. */
    private static final double GAP_WEIGHT = 0.25;
    private long lastArrival = Long.MIN_VALUE;
    private double meanGap = -1;

    private record Entry<T>(T item, long enqueuedNanos, long deadline, long seq) {
    }

    /**
     * @param policy    batching policy
     * @param nanoClock monotonic time source ({@code System::nanoTime} in production)
     * @param priority  an item's priority (higher first; clamped to the policy's levels)
     * @param deadline  an item's deadline, any unit that orders (earliest first within a level)
     * @param unwanted  whether an item must no longer be run (deadline passed, job cancelled)
     * @param onDropped receives unwanted items (outside the lock)
     */
    public BatchQueue(BatchPolicy policy, LongSupplier nanoClock, ToIntFunction<T> priority, ToLongFunction<T> deadline,
                      Predicate<T> unwanted, Consumer<T> onDropped) {
        this.policy = policy;
        this.nanoClock = nanoClock;
        this.priority = priority;
        this.deadline = deadline;
        this.unwanted = unwanted;
        this.onDropped = onDropped;
        Comparator<Entry<T>> edf = Comparator.<Entry<T>>comparingLong(Entry::deadline).thenComparingLong(Entry::seq);
        for (int i = 0; i < policy.levels(); i++) {
            lanes.add(new PriorityQueue<>(edf));
        }
    }

    /** A queue without priorities: every item in one level, in arrival order. */
    public BatchQueue(int capacity, int maxBatchSize, Duration maxDelay, LongSupplier nanoClock, Predicate<T> unwanted,
                      Consumer<T> onDropped) {
        this(BatchPolicy.simple(capacity, maxBatchSize, maxDelay), nanoClock, item -> 0, item -> 0L, unwanted, onDropped);
    }

    /** Enqueues an item; false when the queue is full or closed (the caller reports overload). */
    public boolean offer(T item) {
        return offerAll(List.of(item));
    }

    /**
     * Enqueues all items or none: false when they do not all fit or the queue is closed. The items of
     * one task enter together, so a task is never half admitted.
     */
    public boolean offerAll(List<T> items) {
        lock.lock();
        try {
            if (closed || size + items.size() > policy.capacity()) {
                return false;
            }
            long now = nanoClock.getAsLong();
            noteArrival(now);
            for (T item : items) {
                int level = Math.max(0, Math.min(policy.levels() - 1, priority.applyAsInt(item)));
                lanes.get(level).add(new Entry<>(item, now, deadline.applyAsLong(item), sequence++));
                size++;
            }
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks for the next batch. Returns an empty list when the queue is closed and drained, or
     * when {@code idleTimeout} passes with nothing queued.
     */
    public List<T> takeBatch(Duration idleTimeout) throws InterruptedException {
        List<T> dropped = new ArrayList<>();
        lock.lock();
        try {
            long idleDeadline = nanoClock.getAsLong() + idleTimeout.toNanos();
            while (true) {
                dropUnwanted(dropped);
                long now = nanoClock.getAsLong();
                if (size > 0) {
                    long waited = now - oldestEnqueued();
                    long maxDelay = policy.maxDelay().toNanos();
                    if (size >= policy.closeAt() || waited >= maxDelay || closed || nothingExpected(now - waited + maxDelay)) {
                        return drain(policy.take(size), now);
                    }
                    changed.awaitNanos(maxDelay - waited);
                } else {
                    long left = idleDeadline - now;
                    if (closed || left <= 0) {
                        return List.of();
                    }
                    changed.awaitNanos(left);
                }
            }
        } finally {
            lock.unlock();
            dropped.forEach(onDropped);
        }
    }

    /** Updates the moving average of the gaps between arrivals (the items of one task arrive together). */
    private void noteArrival(long now) {
        if (lastArrival != Long.MIN_VALUE) {
            long gap = now - lastArrival;
            meanGap = meanGap < 0 ? gap : meanGap + GAP_WEIGHT * (gap - meanGap);
        }
        lastArrival = now;
    }

    /**
     * With an adaptive delay: whether, at the recent arrival rate, the next item is due only after
     * {@code closeBy} (when the delay runs out), so waiting would add latency and no item. Until two
     * arrivals were seen the full delay applies.
     */
    private boolean nothingExpected(long closeBy) {
        return policy.adaptiveDelay() && meanGap >= 0 && lastArrival + (long) meanGap >= closeBy;
    }

    private List<T> drain(int count, long now) {
        List<T> batch = new ArrayList<>(count);
        long starvation = policy.maxStarvation().toNanos();
        for (int level = 0; level < lanes.size() - 1 && batch.size() < count; level++) {
            PriorityQueue<Entry<T>> lane = lanes.get(level);
            while (batch.size() < count && !lane.isEmpty() && now - oldestIn(lane) >= starvation) {
                batch.add(pollOldest(lane).item());
            }
        }
        for (int level = lanes.size() - 1; level >= 0 && batch.size() < count; level--) {
            PriorityQueue<Entry<T>> lane = lanes.get(level);
            while (batch.size() < count && !lane.isEmpty()) {
                batch.add(lane.poll().item());
            }
        }
        size -= batch.size();
        return batch;
    }

    private Entry<T> pollOldest(PriorityQueue<Entry<T>> lane) {
        Entry<T> oldest = null;
        for (Entry<T> e : lane) {
            if (oldest == null || e.enqueuedNanos() < oldest.enqueuedNanos()) {
                oldest = e;
            }
        }
        lane.remove(oldest);
        return oldest;
    }

    private static <T> long oldestIn(PriorityQueue<Entry<T>> lane) {
        long oldest = Long.MAX_VALUE;
        for (Entry<T> e : lane) {
            oldest = Math.min(oldest, e.enqueuedNanos());
        }
        return oldest;
    }

    private long oldestEnqueued() {
        long oldest = Long.MAX_VALUE;
        for (PriorityQueue<Entry<T>> lane : lanes) {
            oldest = Math.min(oldest, oldestIn(lane));
        }
        return oldest;
    }

    private void dropUnwanted(List<T> dropped) {
        for (PriorityQueue<Entry<T>> lane : lanes) {
            for (Iterator<Entry<T>> it = lane.iterator(); it.hasNext(); ) {
                Entry<T> e = it.next();
                if (unwanted.test(e.item())) {
                    it.remove();
                    size--;
                    dropped.add(e.item());
                }
            }
        }
    }

    /** Refuses new items and wakes the takers; queued items are still handed out. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return policy.capacity();
    }
}
