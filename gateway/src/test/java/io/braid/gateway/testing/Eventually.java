package io.braid.gateway.testing;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Polls a condition until it holds or a timeout passes (Awaitility): tests never sleep and then assert. */
public final class Eventually {
    /** Generous: the tests must pass on a loaded machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);

    private Eventually() {
    }

    /** The first value {@code probe} offers within {@link #TIMEOUT}; fails naming {@code what} otherwise. */
    public static <T> T get(String what, Supplier<Optional<T>> probe) {
        AtomicReference<T> found = new AtomicReference<>();
        try {
            Awaitility.await(what).atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(POLL).until(() -> {
                Optional<T> value = probe.get();
                value.ifPresent(found::set);
                return value.isPresent();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + TIMEOUT.toSeconds() + " s: " + what, e);
        }
        return found.get();
    }
}
