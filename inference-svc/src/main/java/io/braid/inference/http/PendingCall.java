package io.braid.inference.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.TaskException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * One item of {@link HttpModelClient} across its attempts: the request body, the deadline, the result, and what
 * it is doing now and what its last attempt got (for the messages of its failure). The first outcome wins; an
 * outcome's counter is incremented before the result completes, so a caller that sees the result sees the count.
 */
final class PendingCall<T> {
    private static final java.util.concurrent.atomic.AtomicLong IDS =
            new java.util.concurrent.atomic.AtomicLong(new java.util.Random().nextInt() & 0xffffffL);
    final CompletableFuture<T> result = new CompletableFuture<>();
    final byte[] body;
    final Function<JsonNode, T> parser;
    final long deadline;
    /** Names the call in {@code X-Client-Id}, the same on every attempt, so a server's logs show its retries. */
    final String id = "braid-" + Long.toHexString(IDS.incrementAndGet());
    private final String who;
    private final HttpClientStats stats;
    /** What the item is doing now, e.g. "waiting for one of 8 slots". */
    volatile String phase = "starting";
    /** The last attempt's outcome, e.g. "503: {...}". */
    volatile String last = "none";

    PendingCall(byte[] body, Function<JsonNode, T> parser, long deadline, String who, HttpClientStats stats) {
        this.body = body;
        this.parser = parser;
        this.deadline = deadline;
        this.who = who;
        this.stats = stats;
    }

    boolean done() {
        return result.isDone();
    }

    void succeed(T value) {
        stats.successes.increment();
        if (!result.complete(value)) {
            stats.successes.decrement();
        }
    }

    /** Fails the item unless it has an outcome already; {@code kind} counts the failure. */
    void fail(TaskException e, LongAdder kind) {
        kind.increment();
        if (!result.completeExceptionally(e)) {
            kind.decrement();
        }
    }

    /** Fails with {@code DEADLINE_EXCEEDED}: {@code what} happened, then the last outcome. */
    void failDeadline(String what) {
        fail(new TaskException(ErrorCode.DEADLINE_EXCEEDED, who + ": " + what + " (last outcome: " + last + ")"),
                stats.deadlineExceeded);
    }

    /** Fails with {@code INTERNAL}: an unexpected error in the client. */
    void failInternal(Throwable e) {
        fail(new TaskException(ErrorCode.INTERNAL, who + ": " + e, e), stats.internal);
    }
}
