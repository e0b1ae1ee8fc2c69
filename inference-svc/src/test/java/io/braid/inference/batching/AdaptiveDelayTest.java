package io.braid.inference.batching;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The adaptive batch delay: wait for a batch to fill only while more items are expected within the delay. */
class AdaptiveDelayTest {
    private final AtomicLong nanos = new AtomicLong();

    private BatchQueue<Integer> queue(boolean adaptive) {
        BatchPolicy policy = new BatchPolicy(100, 8, List.of(), Duration.ofMillis(5), 1, Duration.ofSeconds(1), adaptive);
        return new BatchQueue<>(policy, nanos::get, i -> 0, i -> 0L, i -> false, i -> { });
    }

    private static CompletableFuture<List<Integer>> takeInBackground(BatchQueue<Integer> q) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return q.takeBatch(Duration.ZERO);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void at(long millis) {
        nanos.set(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void whenArrivalsAreRarerThanTheDelayALoneItemIsServedAtOnce() throws InterruptedException {
        BatchQueue<Integer> q = queue(true);
        q.offer(1);
        at(5);
        assertThat(q.takeBatch(Duration.ZERO)).containsExactly(1);
        at(50);
        q.offer(2);
        // the clock does not move: only the arrival estimate (one item per 50 ms) can close this batch
        assertThat(q.takeBatch(Duration.ZERO)).containsExactly(2);
    }

    @Test
    void whenItemsArriveFasterThanTheDelayTheBatchWaitsToFill() throws Exception {
        BatchQueue<Integer> q = queue(true);
        for (int i = 1; i <= 3; i++) {
            at(i);
            q.offer(i);
        }
        CompletableFuture<List<Integer>> batch = takeInBackground(q);
        Thread.sleep(100);
        assertThat(batch).as("one item per ms is expected: the batch keeps waiting").isNotDone();
        at(4);
        q.offer(4);
        q.offer(5);
        at(6);
        assertThat(batch.get(5, TimeUnit.SECONDS)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void withoutTheAdaptiveDelayALoneItemWaitsTheFullDelay() throws Exception {
        BatchQueue<Integer> q = queue(false);
        q.offer(1);
        at(50);
        q.offer(2);
        assertThat(q.takeBatch(Duration.ZERO)).containsExactly(1, 2);
        at(100);
        q.offer(3);
        CompletableFuture<List<Integer>> batch = takeInBackground(q);
        Thread.sleep(100);
        assertThat(batch).isNotDone();
        q.offer(4);
        at(105);
        assertThat(batch.get(5, TimeUnit.SECONDS)).containsExactly(3, 4);
    }
}
