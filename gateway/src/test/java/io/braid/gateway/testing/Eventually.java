package io.braid.gateway.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a condition until it holds or a timeout passes: tests never sleep and then assert. */
public final class Eventually {
    /** Generous: the tests must pass on a loaded machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Eventually() {
    }

    /** The first value {@code probe} offers within {@link #TIMEOUT}; fails naming {@code what} otherwise. */
    public static <T> T get(String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
