package io.braid.inference.http;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link HttpModelClient}, for metrics: monotonic totals since the client was made.
 * An item's outcome is counted once (success or one failure kind); attempts and retries count HTTP calls.
 */
public final class HttpClientStats {
    final LongAdder calls = new LongAdder();
    final LongAdder attempts = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder successes = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder ioErrors = new LongAdder();
    final LongAdder retryableStatuses = new LongAdder();
    final LongAdder rejectedByRemote = new LongAdder();
    final LongAdder unreadable = new LongAdder();
    final LongAdder otherStatuses = new LongAdder();
    final LongAdder exhausted = new LongAdder();
    final LongAdder deadlineExceeded = new LongAdder();
    final LongAdder circuitOpen = new LongAdder();
    final LongAdder internal = new LongAdder();

    HttpClientStats() {
    }

    /** Items started (one chat, one OIP request, one embeddings batch). */
    public long calls() {
        return calls.sum();
    }

    /** HTTP requests sent, retries included. */
    public long attempts() {
        return attempts.sum();
    }

    /** Retries scheduled. */
    public long retries() {
        return retries.sum();
    }

    /** Items that ended with a readable 2xx answer. */
    public long successes() {
        return successes.sum();
    }

    /** Attempts that got no complete answer within their time limit. */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Attempts that failed on the connection (refused, reset, ...). */
    public long ioErrors() {
        return ioErrors.sum();
    }

    /** Attempts answered 429 or 500/502/503/504. */
    public long retryableStatuses() {
        return retryableStatuses.sum();
    }

    /** Items the remote refused with a 4xx other than 429 (not retried; {@code BAD_INPUT}). */
    public long rejectedByRemote() {
        return rejectedByRemote.sum();
    }

    /** Items answered 2xx with a body that does not have the protocol's shape ({@code INFERENCE_FAILED}). */
    public long unreadable() {
        return unreadable.sum();
    }

    /** Items answered with a status that is neither 2xx, 4xx nor retryable, e.g. 501 ({@code INFERENCE_FAILED}). */
    public long otherStatuses() {
        return otherStatuses.sum();
    }

    /** Items that failed on every one of their attempts ({@code UNAVAILABLE}). */
    public long exhausted() {
        return exhausted.sum();
    }

    /** Items whose deadline came first ({@code DEADLINE_EXCEEDED}). */
    public long deadlineExceeded() {
        return deadlineExceeded.sum();
    }

    /** Items that failed fast because the circuit breaker was open ({@code UNAVAILABLE}). */
    public long circuitOpen() {
        return circuitOpen.sum();
    }

    /** Items that failed on an unexpected error inside the client ({@code INTERNAL}). */
    public long internal() {
        return internal.sum();
    }

    /** All failed items. */
    public long failures() {
        return rejectedByRemote() + unreadable() + otherStatuses() + exhausted() + deadlineExceeded() + circuitOpen()
                + internal();
    }

    @Override
    public String toString() {
        return "HttpClientStats[calls=" + calls() + ", attempts=" + attempts() + ", retries=" + retries()
                + ", successes=" + successes() + ", timeouts=" + timeouts() + ", ioErrors=" + ioErrors()
                + ", retryableStatuses=" + retryableStatuses() + ", rejectedByRemote=" + rejectedByRemote()
                + ", unreadable=" + unreadable() + ", otherStatuses=" + otherStatuses() + ", exhausted=" + exhausted()
                + ", deadlineExceeded=" + deadlineExceeded() + ", circuitOpen=" + circuitOpen() + ", internal=" + internal() + "]";
    }
}
