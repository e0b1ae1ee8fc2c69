package io.braid.gateway.service;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds how many requests are held at once. {@link #tryEnter()} takes a place or says there is none;
 * every place taken is given back exactly once with {@link #leave()}. Plain Java: no Quarkus types.
 */
public final class InFlightLimit {
    private final int max;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    public InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the in-flight limit must be at least 1, got " + max);
        }
        this.max = max;
    }

    /** Takes a place; false (and nothing taken) when {@link #max()} places are already held. */
    public boolean tryEnter() {
        while (true) {
            int now = held.get();
            if (now >= max) {
                refused.incrementAndGet();
                return false;
            }
            if (held.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back a place taken by {@link #tryEnter()}. */
    public void leave() {
        if (held.decrementAndGet() < 0) {
            held.incrementAndGet();
            throw new IllegalStateException("left more places than were taken");
        }
    }

    public int held() {
        return held.get();
    }

    public int max() {
        return max;
    }

    /** How many {@link #tryEnter()} calls found no place, since start. */
    public long refused() {
        return refused.get();
    }
}
