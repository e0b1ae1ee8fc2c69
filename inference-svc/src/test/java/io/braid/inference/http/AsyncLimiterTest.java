package io.braid.inference.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncLimiterTest {
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void permitsAreGrantedAtOnceWhileFreeAndThenInArrivalOrder() throws Exception {
        AsyncLimiter limiter = new AsyncLimiter(2, Clock.systemUTC(), timer);
        AsyncLimiter.Permit a = limiter.acquire(NO_DEADLINE).getNow(null);
        AsyncLimiter.Permit b = limiter.acquire(NO_DEADLINE).getNow(null);
        assertThat(a).isNotNull();
        assertThat(b).isNotNull();
        ConcurrentLinkedQueue<Integer> granted = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<AsyncLimiter.Permit>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            CompletableFuture<AsyncLimiter.Permit> f = limiter.acquire(NO_DEADLINE);
            f.thenRun(() -> granted.add(id));
            queued.add(f);
        }
        assertThat(limiter.waiting()).isEqualTo(5);
        assertThat(queued).noneMatch(CompletableFuture::isDone);
        a.release();
        b.release();
        for (int i = 0; i < 5; i++) {
            queued.get(i).get(5, TimeUnit.SECONDS).release();
        }
        assertThat(granted).containsExactly(0, 1, 2, 3, 4);
        assertThat(limiter.inFlight()).isZero();
        assertThat(limiter.waiting()).isZero();
        assertThat(limiter.peak()).isEqualTo(2);
    }

    @Test
    void releasingAPermitTwiceReturnsItOnce() {
        AsyncLimiter limiter = new AsyncLimiter(1, Clock.systemUTC(), timer);
        AsyncLimiter.Permit p = limiter.acquire(NO_DEADLINE).join();
        assertThat(p.release()).isTrue();
        assertThat(p.release()).isFalse();
        assertThat(limiter.inFlight()).isZero();
        limiter.acquire(NO_DEADLINE).join();
        assertThat(limiter.acquire(NO_DEADLINE)).isNotDone();
    }

    @Test
    void neverMoreThanThePermitsAreHeldUnder200ConcurrentAcquires() throws Exception {
        AsyncLimiter limiter = new AsyncLimiter(8, Clock.systemUTC(), timer);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger maxHolding = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                CompletableFuture<Void> finished = new CompletableFuture<>();
                done.add(finished);
                workers.execute(() -> limiter.acquire(System.currentTimeMillis() + 30_000).thenAcceptAsync(permit -> {
                    int now = holding.incrementAndGet();
                    maxHolding.accumulateAndGet(now, Math::max);
                    holdFor(ThreadLocalRandom.current().nextInt(1, 4));
                    holding.decrementAndGet();
                    permit.release();
                    finished.complete(null);
                }, workers));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            workers.shutdownNow();
        }
        assertThat(maxHolding.get()).isLessThanOrEqualTo(8);
        assertThat(limiter.peak()).isEqualTo(8);
        assertThat(limiter.inFlight()).isZero();
        assertThat(limiter.waiting()).isZero();
    }

    @Test
    void aWaiterWhoseDeadlinePassesIsRemovedAndFails() throws Exception {
        AsyncLimiter limiter = new AsyncLimiter(1, Clock.systemUTC(), timer);
        AsyncLimiter.Permit held = limiter.acquire(NO_DEADLINE).join();
        long deadline = System.currentTimeMillis() + 100;
        CompletableFuture<AsyncLimiter.Permit> late = limiter.acquire(deadline);
        CompletableFuture<AsyncLimiter.Permit> patient = limiter.acquire(NO_DEADLINE);
        assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(AsyncLimiter.DeadlineExceeded.class);
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(deadline);
        assertThat(limiter.waiting()).isEqualTo(1);
        assertThat(limiter.expiredCount()).isEqualTo(1);
        held.release();
        assertThat(patient.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    @Test
    void aWaiterWhoseDeadlineHasAlreadyPassedFailsAtOnceButAFreePermitIsStillGranted() {
        AsyncLimiter limiter = new AsyncLimiter(1, Clock.systemUTC(), timer);
        long past = System.currentTimeMillis() - 1;
        assertThat(limiter.acquire(past)).isCompleted();
        assertThat(limiter.acquire(past)).isCompletedExceptionally();
        assertThat(limiter.waiting()).isZero();
    }

    @Test
    void aPermitSkipsAWaiterWhoseCallerCancelled() throws Exception {
        AsyncLimiter limiter = new AsyncLimiter(1, Clock.systemUTC(), timer);
        AsyncLimiter.Permit held = limiter.acquire(NO_DEADLINE).join();
        CompletableFuture<AsyncLimiter.Permit> gone = limiter.acquire(NO_DEADLINE);
        CompletableFuture<AsyncLimiter.Permit> next = limiter.acquire(NO_DEADLINE);
        gone.cancel(false);
        assertThat(limiter.waiting()).isEqualTo(1);
        held.release();
        assertThat(next.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    /** The work done under a permit. */
    private static void holdFor(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
