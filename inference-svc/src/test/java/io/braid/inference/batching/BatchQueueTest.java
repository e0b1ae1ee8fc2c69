package io.braid.inference.batching;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchQueueTest {
    private final AtomicLong nanos = new AtomicLong();
    private final Set<Integer> expired = ConcurrentHashMap.newKeySet();
    private final List<Integer> dropped = new ArrayList<>();

    private BatchQueue<Integer> queue(int capacity, int maxBatch, long delayMs) {
        return new BatchQueue<>(capacity, maxBatch, Duration.ofMillis(delayMs), nanos::get, expired::contains, dropped::add);
    }

    @Test
    void aBatchClosesAsSoonAsItReachesMaxBatchSize() throws InterruptedException {
        BatchQueue<Integer> q = queue(100, 4, 60_000);
        for (int i = 0; i < 10; i++) {
            q.offer(i);
        }
        assertThat(q.takeBatch(Duration.ZERO)).containsExactly(0, 1, 2, 3);
        assertThat(q.takeBatch(Duration.ZERO)).containsExactly(4, 5, 6, 7);
        assertThat(q.size()).isEqualTo(2);
    }

    @Test
    void theItemsOfOneTaskEnterAllTogetherOrNotAtAll() throws InterruptedException {
        BatchQueue<Integer> q = queue(5, 5, 0);
        assertThat(q.offerAll(List.of(1, 2, 3))).isTrue();
        assertThat(q.offerAll(List.of(4, 5, 6))).isFalse();
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.offerAll(List.of(4, 5))).isTrue();
        assertThat(q.takeBatch(Duration.ZERO)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void aPartialBatchClosesWhenItsOldestItemHasWaitedMaxDelay() throws InterruptedException {
        BatchQueue<Integer> q = queue(100, 8, 5);
        q.offer(1);
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        q.offer(2);
        nanos.addAndGet(Duration.ofMillis(3).toNanos());
        assertThat(q.takeBatch(Duration.ZERO)).containsExactly(1, 2);
    }

    @Test
    void aPartialBatchWaitsInRealTimeUntilTheDelayEnds() throws InterruptedException {
        BatchQueue<Integer> q = new BatchQueue<>(100, 8, Duration.ofMillis(50), System::nanoTime, i -> false, i -> { });
        q.offer(1);
        long start = System.nanoTime();
        List<Integer> batch = q.takeBatch(Duration.ofSeconds(5));
        assertThat(batch).containsExactly(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(40));
    }

    @Test
    void itemsArrivingWhileABatchWaitsJoinIt() throws Exception {
        BatchQueue<Integer> q = new BatchQueue<>(100, 3, Duration.ofSeconds(30), System::nanoTime, i -> false, i -> { });
        q.offer(1);
        Thread producer = new Thread(() -> {
            sleep(30);
            q.offer(2);
            sleep(30);
            q.offer(3);
        });
        producer.start();
        assertThat(q.takeBatch(Duration.ofSeconds(5))).containsExactly(1, 2, 3);
        producer.join();
    }

    @Test
    void theQueueRefusesItemsBeyondItsCapacity() {
        BatchQueue<Integer> q = queue(3, 2, 10);
        assertThat(q.offer(1)).isTrue();
        assertThat(q.offer(2)).isTrue();
        assertThat(q.offer(3)).isTrue();
        assertThat(q.offer(4)).isFalse();
        assertThat(q.size()).isEqualTo(3);
    }

    @Test
    void expiredItemsNeverEnterABatchAndAreHandedToTheExpiryCallback() throws InterruptedException {
        BatchQueue<Integer> q = queue(100, 4, 0);
        q.offer(1);
        q.offer(2);
        q.offer(3);
        expired.add(2);
        assertThat(q.takeBatch(Duration.ZERO)).containsExactly(1, 3);
        assertThat(dropped).containsExactly(2);
    }

    @Test
    void anIdleQueueReturnsAnEmptyBatchAfterTheIdleTimeout() throws InterruptedException {
        BatchQueue<Integer> q = new BatchQueue<>(10, 2, Duration.ofMillis(1), System::nanoTime, i -> false, i -> { });
        assertThat(q.takeBatch(Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void aClosedQueueRefusesNewItemsButHandsOutQueuedOnesAtOnce() throws InterruptedException {
        BatchQueue<Integer> q = queue(10, 4, 60_000);
        q.offer(1);
        q.close();
        assertThat(q.offer(2)).isFalse();
        assertThat(q.takeBatch(Duration.ofSeconds(1))).containsExactly(1);
    }

    @Test
    void aQueueSmallerThanABatchIsRefused() {
        assertThatThrownBy(() -> queue(4, 8, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
