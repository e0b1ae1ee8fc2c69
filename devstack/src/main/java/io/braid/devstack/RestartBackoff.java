package io.braid.devstack;

import java.time.Duration;

/**
 * How long the stack waits before it restarts a service that exited, like a Kubernetes restart policy
 * ({@code CrashLoopBackOff}): the first restart after {@link #first()}, each further one after twice the
 * previous wait, never more than {@link #max()}; a process that ran for {@link #resetAfter()} before it
 * exited counts as healthy again and starts over at {@link #first()}.
 *
 * @param first      wait before the first restart
 * @param max        the longest wait
 * @param resetAfter a run at least this long resets the wait
 */
public record RestartBackoff(Duration first, Duration max, Duration resetAfter) {
    /** The stack's policy: 1 s, 2 s, 4 s ... up to 30 s; a minute of running resets it. */
    public static final RestartBackoff DEFAULT = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMinutes(1));

    public RestartBackoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || resetAfter.isNegative()) {
            throw new IllegalArgumentException("need 0 < first <= max and resetAfter >= 0: " + first + ", " + max
                    + ", " + resetAfter);
        }
    }

    /**
     * The wait before the next restart.
     *
     * @param previous the wait before the last restart; null when there was none
     * @param ran      how long the process that just exited ran
     */
    public Duration next(Duration previous, Duration ran) {
        if (previous == null || ran.compareTo(resetAfter) >= 0) {
            return first;
        }
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
