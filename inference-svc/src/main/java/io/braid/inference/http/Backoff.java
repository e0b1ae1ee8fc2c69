package io.braid.inference.http;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;

/**
 * The delay before a retry, and whether a retry still fits before the deadline.
 *
 * <p>The delay before retry {@code n} (1 = the first retry) grows exponentially from {@code backoffMs}:
 * {@code base = min(maxBackoffMs, backoffMs * 2^(n-1))}. It carries <b>±50 % jitter</b> (so that callers
 * failing together do not retry together): the delay is {@code base * (0.5 + u)}, {@code u} uniform in
 * [0, 1), capped again at {@code maxBackoffMs}; it thus lies in {@code [base/2, min(maxBackoffMs, 1.5*base)]}.
 * When the server sent {@code Retry-After}, the delay is never shorter than it (even above
 * {@code maxBackoffMs}: the server knows best when it can take work again).
 *
 * <p>Pure apart from the injected random source, which makes it testable with a fixed one.
 */
public final class Backoff {
    private final long backoffMs;
    private final long maxBackoffMs;
    private final DoubleSupplier uniform;

    /**
     * @param backoffMs    the delay before the first retry (before jitter)
     * @param maxBackoffMs the cap of the delay (before Retry-After)
     * @param uniform      uniform values in [0, 1), e.g. {@code RandomGenerator::nextDouble}
     */
    public Backoff(long backoffMs, long maxBackoffMs, DoubleSupplier uniform) {
        if (backoffMs < 0 || maxBackoffMs < backoffMs) {
            throw new IllegalArgumentException("need 0 <= backoffMs <= maxBackoffMs, got " + backoffMs + ", " + maxBackoffMs);
        }
        this.backoffMs = backoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.uniform = uniform;
    }

    /** The delay before retry {@code retry} without jitter: {@code min(maxBackoffMs, backoffMs * 2^(retry-1))}. */
    public long baseDelayMs(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, got " + retry);
        }
        int shift = Math.min(retry - 1, 62);
        long factor = 1L << shift;
        if (backoffMs != 0 && factor > maxBackoffMs / backoffMs) {
            return maxBackoffMs;
        }
        return Math.min(maxBackoffMs, backoffMs * factor);
    }

    /** The jittered delay before retry {@code retry} (no Retry-After). */
    public long delayMs(int retry) {
        return delayMs(retry, -1);
    }

    /**
     * The jittered delay before retry {@code retry}, never less than {@code retryAfterMs}.
     *
     * @param retryAfterMs the wait the server asked for, or a negative value when it asked for none
     */
    public long delayMs(int retry, long retryAfterMs) {
        long base = baseDelayMs(retry);
        double u = uniform.getAsDouble();
        if (!(u >= 0 && u < 1)) {
            u = 0.5;
        }
        long jittered = Math.min(maxBackoffMs, Math.round(base * (0.5 + u)));
        return Math.max(jittered, retryAfterMs);
    }

    /**
     * Whether to retry: retry at {@code now + delay} when that wait ends before the deadline, otherwise give up
     * (a retry that could only start at or after the deadline is pointless).
     */
    public static Decision decide(long nowEpochMs, long deadlineEpochMs, long delayMs) {
        long wait = Math.max(0, delayMs);
        long left = deadlineEpochMs - nowEpochMs;
        if (wait >= left) {
            return new GiveUp(wait, Math.max(0, left),
                    "the deadline does not leave room for the wait: retry in " + wait + " ms, " + Math.max(0, left)
                            + " ms left");
        }
        return new RetryAt(nowEpochMs + wait, wait);
    }

    /**
     * The wait a {@code Retry-After} header asks for, in ms: delay-seconds ({@code 120}) or an HTTP-date
     * ({@code Wed, 21 Oct 2015 07:28:00 GMT}, a date in the past meaning 0). Returns -1 when the header is
     * absent or unreadable.
     */
    public static long retryAfterMs(String header, long nowEpochMs) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                long seconds = Long.parseLong(value);
                return seconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : seconds * 1000;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        try {
            long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - nowEpochMs);
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** The outcome of {@link #decide}. */
    public sealed interface Decision permits RetryAt, GiveUp {
    }

    /** Retry at {@code atEpochMs}, after waiting {@code delayMs}. */
    public record RetryAt(long atEpochMs, long delayMs) implements Decision {
    }

    /** Do not retry: waiting {@code delayMs} would end at or after the deadline ({@code leftMs} left). */
    public record GiveUp(long delayMs, long leftMs, String reason) implements Decision {
    }
}
