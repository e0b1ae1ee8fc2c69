package io.braid.gateway.testing;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's clock in tests: it replaces the wall clock of {@code ClockProducer} (a default bean) and
 * stands still until a test {@link #advance}s it, so quota refills and deadlines are exact.
 */
@Singleton
public class TestClock extends Clock {
    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

    /** Moves the clock forward. */
    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is UTC only");
    }
}
