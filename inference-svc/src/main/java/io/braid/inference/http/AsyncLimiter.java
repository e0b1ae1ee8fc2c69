package io.braid.inference.http;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An asynchronous FIFO semaphore: {@link #acquire(long)} returns a future that completes with a
 * {@link Permit} once one is free, so no thread ever blocks waiting. Waiters are served in arrival order.
 * A waiter whose deadline passes while it is queued is removed and its future fails with
 * {@link DeadlineExceeded}. Like {@code io.braid.stage.AsyncPermits}, plus deadline-aware waiters and
 * figures for metrics.
 *
 * <p>Deadlines are enforced by one task per waiter on the given scheduler (cancelled when the waiter gets
 * its permit); a waiter without deadline ({@link Long#MAX_VALUE}) schedules nothing.
 */
public final class AsyncLimiter {
    private final int permits;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int inFlight;
    private int peak;
    private long expired;

    /** Thrown (in the future) to a waiter whose deadline passed before a permit was free. */
    public static final class DeadlineExceeded extends RuntimeException {
        public DeadlineExceeded(String message) {
            super(message, null, false, false);
        }
    }

    /** A held permit. {@link #release()} returns it; only the first call counts. */
    public final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
        }

        /** Returns the permit (to the oldest waiter, if any); true the first time, false if already returned. */
        public boolean release() {
            if (!released.compareAndSet(false, true)) {
                return false;
            }
            AsyncLimiter.this.handOver();
            return true;
        }
    }

    private static final class Waiter {
        final CompletableFuture<Permit> future = new CompletableFuture<>();
        volatile Future<?> expiry;
    }

    /** A limiter on the system clock whose deadlines run on a shared daemon timer thread. */
    public AsyncLimiter(int permits) {
        this(permits, Clock.systemUTC(), DaemonTimer.shared());
    }

    /**
     * @param permits at most this many permits out at once
     * @param clock   the time deadlines are measured against
     * @param timer   runs the deadline of queued waiters
     */
    public AsyncLimiter(int permits, Clock clock, ScheduledExecutorService timer) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1, got " + permits);
        }
        this.permits = permits;
        this.clock = clock;
        this.timer = timer;
    }

    /**
     * A permit once one is free. Granted at once when one is free now (whatever the deadline); otherwise the
     * caller queues, and fails with {@link DeadlineExceeded} if {@code deadlineEpochMs} passes first.
     */
    public CompletableFuture<Permit> acquire(long deadlineEpochMs) {
        Waiter w;
        synchronized (this) {
            if (inFlight < permits && waiters.isEmpty()) {
                inFlight++;
                peak = Math.max(peak, inFlight);
                return CompletableFuture.completedFuture(new Permit());
            }
            long wait = deadlineEpochMs - clock.millis();
            if (wait <= 0) {
                expired++;
                return CompletableFuture.failedFuture(new DeadlineExceeded(
                        "no free slot of " + permits + " and the deadline has passed"));
            }
            w = new Waiter();
            waiters.add(w);
            if (deadlineEpochMs != Long.MAX_VALUE) {
                w.expiry = timer.schedule(() -> expire(w, wait), wait, TimeUnit.MILLISECONDS);
            }
        }
        return w.future;
    }

    private void expire(Waiter w, long waitedMs) {
        synchronized (this) {
            if (!waiters.remove(w)) {
                return; // it got its permit meanwhile
            }
            expired++;
        }
        w.future.completeExceptionally(new DeadlineExceeded(
                "waited " + waitedMs + " ms for one of " + permits + " slots until the deadline"));
    }

    private void handOver() {
        while (true) {
            Waiter next;
            synchronized (this) {
                next = waiters.poll();
                if (next == null) {
                    inFlight--;
                    return;
                }
                // the permit passes to the next waiter: inFlight stays as it is
            }
            Future<?> expiry = next.expiry;
            if (expiry != null) {
                expiry.cancel(false);
            }
            if (next.future.complete(new Permit())) {
                return;
            }
            // its caller cancelled the wait: offer the permit to the one after it
        }
    }

    /** Permits out now. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Callers queued for a permit. */
    public synchronized int waiting() {
        int n = 0;
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            if (!it.next().future.isDone()) {
                n++;
            }
        }
        return n;
    }

    /** The most permits ever out at once. */
    public synchronized int peak() {
        return peak;
    }

    /** Waiters that failed because their deadline came first. */
    public synchronized long expiredCount() {
        return expired;
    }

    /** The number of permits. */
    public int permits() {
        return permits;
    }
}
