package io.braid.inference.http;

import io.braid.inference.http.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {
    private final MutableClock clock = new MutableClock(1_000_000);
    private final CircuitBreaker breaker = new CircuitBreaker(clock, 3, Duration.ofSeconds(10));

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure();
        }
    }

    @Test
    void itStaysClosedBelowTheThresholdAndASuccessResetsTheCount() {
        fail(2);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        breaker.onSuccess();
        assertThat(breaker.consecutiveFailures()).isZero();
        fail(2);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void itOpensAfterTheConsecutiveFailuresAndThenFailsFast() {
        fail(3);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.openedCount()).isEqualTo(1);
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(9_999));
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.nextProbeInMs()).isEqualTo(1);
        assertThat(breaker.rejectedCount()).isEqualTo(2);
    }

    @Test
    void afterOpenForExactlyOneCallerGetsTheProbe() {
        fail(3);
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.nextProbeInMs()).isZero();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.probeCount()).isEqualTo(1);
    }

    @Test
    void aSuccessfulProbeClosesTheBreakerWithTheCountReset() {
        fail(3);
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.consecutiveFailures()).isZero();
        fail(2);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void aFailedProbeOpensTheBreakerAgainForAnotherOpenFor() {
        fail(3);
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.openedCount()).isEqualTo(2);
        assertThat(breaker.nextProbeInMs()).isEqualTo(10_000);
        clock.advance(Duration.ofMillis(9_999));
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void anAbandonedProbeLetsTheNextCallerProbeAtOnce() {
        fail(3);
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onAbandoned();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aLateFailureOfACallSentBeforeOpeningDoesNotExtendTheOpenTime() {
        fail(3);
        clock.advance(Duration.ofSeconds(5));
        breaker.onFailure();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.nextProbeInMs()).isEqualTo(5_000);
    }

    @Test
    void manyThreadsRacingForTheProbeGetOnePermitBetweenThem() throws Exception {
        fail(3);
        clock.advance(Duration.ofSeconds(10));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                tries.add(pool.submit(() -> {
                    start.await();
                    return breaker.tryAcquire();
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Boolean> t : tries) {
                granted += t.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(granted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
