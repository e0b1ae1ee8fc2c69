package io.braid.gateway.service;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InFlightLimitTest {
    @Test
    void placesBeyondTheLimitAreRefusedAndCountedUntilOneIsGivenBack() {
        InFlightLimit limit = new InFlightLimit(2);
        assertThat(limit.tryEnter()).isTrue();
        assertThat(limit.tryEnter()).isTrue();
        assertThat(limit.tryEnter()).isFalse();
        assertThat(limit.held()).isEqualTo(2);
        assertThat(limit.refused()).isEqualTo(1);
        limit.leave();
        assertThat(limit.tryEnter()).isTrue();
        assertThat(limit.held()).isEqualTo(2);
    }

    @Test
    void leavingMoreThanWasTakenIsABugAndChangesNothing() {
        InFlightLimit limit = new InFlightLimit(1);
        assertThatThrownBy(limit::leave).isInstanceOf(IllegalStateException.class);
        assertThat(limit.held()).isZero();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new InFlightLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyThreadsRacingNeverHoldMoreThanTheLimit() throws Exception {
        InFlightLimit limit = new InFlightLimit(5);
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 16; t++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 2000; i++) {
                    if (limit.tryEnter()) {
                        admitted.incrementAndGet();
                        peak.accumulateAndGet(limit.held(), Math::max);
                        limit.leave();
                    }
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(peak.get()).isLessThanOrEqualTo(5);
        assertThat(limit.held()).isZero();
        assertThat(admitted.get() + limit.refused()).isEqualTo(16 * 2000);
    }
}
