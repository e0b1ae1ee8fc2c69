package io.braid.inference.http;

import java.time.Clock;
import java.time.Duration;

/**
 * A circuit breaker for one remote. CLOSED: every call goes through; {@code failures} consecutive failures
 * open it. OPEN: every {@link #tryAcquire()} fails fast until {@code openFor} has passed; then exactly one
 * caller gets a half-open probe permit (HALF_OPEN), all others still fail fast. The probe's success closes
 * the breaker (the count restarts from 0); its failure opens it again for {@code openFor}.
 *
 * <p>Every permit {@link #tryAcquire()} grants must be followed by exactly one of {@link #onSuccess()},
 * {@link #onFailure()} or {@link #onAbandoned()} (the call was not made after all). Thread-safe; time comes
 * from the injected clock.
 */
public final class CircuitBreaker {
    /** The breaker's state. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final Clock clock;
    private final int failures;
    private final long openForMs;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAtMs;
    private long opened;
    private long rejected;
    private long probes;

    public CircuitBreaker(Clock clock, int failures, Duration openFor) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be >= 1, got " + failures);
        }
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("openFor must be positive, got " + openFor);
        }
        this.clock = clock;
        this.failures = failures;
        this.openForMs = openFor.toMillis();
    }

    /**
     * Whether a call may go out now: always when CLOSED; when OPEN only for the first caller after
     * {@code openFor} (the half-open probe); never while that probe is out.
     */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (clock.millis() - openedAtMs >= openForMs) {
                    state = State.HALF_OPEN;
                    probes++;
                    return true;
                }
                rejected++;
                return false;
            default:
                rejected++;
                return false;
        }
    }

    /** A call made under a permit succeeded: resets the failure count; a successful probe closes the breaker. */
    public synchronized void onSuccess() {
        if (state == State.OPEN) {
            return; // a call that went out before the breaker opened; the probe decides
        }
        state = State.CLOSED;
        consecutiveFailures = 0;
    }

    /** A call made under a permit failed: counts towards opening; a failed probe opens the breaker again. */
    public synchronized void onFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= failures)) {
            state = State.OPEN;
            openedAtMs = clock.millis();
            opened++;
        }
    }

    /**
     * A permit was granted but no call was made (e.g. the deadline passed first). A probe permit goes back:
     * the breaker is OPEN again with its old opening time, so the next caller may probe at once.
     */
    public synchronized void onAbandoned() {
        if (state == State.HALF_OPEN) {
            state = State.OPEN;
        }
    }

    public synchronized State state() {
        return state;
    }

    /** Failures since the last success (what opened the breaker, when it is open). */
    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** How long until an OPEN breaker lets a probe through; 0 when one may go now or the breaker is not OPEN. */
    public synchronized long nextProbeInMs() {
        return state == State.OPEN ? Math.max(0, openedAtMs + openForMs - clock.millis()) : 0;
    }

    /** How many times the breaker has opened (a failed probe included). */
    public synchronized long openedCount() {
        return opened;
    }

    /** How many calls failed fast because the breaker was open or a probe was out. */
    public synchronized long rejectedCount() {
        return rejected;
    }

    /** How many half-open probes were let through. */
    public synchronized long probeCount() {
        return probes;
    }

    /** The threshold: consecutive failures that open the breaker. */
    public int failureThreshold() {
        return failures;
    }
}
