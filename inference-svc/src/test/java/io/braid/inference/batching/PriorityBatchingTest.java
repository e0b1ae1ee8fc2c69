package io.braid.inference.batching;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PriorityBatchingTest {
    /** An item: name, priority, deadline. */
    private record Task(String name, int priority, long deadline) {
    }

    private final AtomicLong nanos = new AtomicLong();

    private BatchQueue<Task> queue(BatchPolicy policy) {
        return new BatchQueue<>(policy, nanos::get, Task::priority, Task::deadline, t -> false, t -> { });
    }

    private static List<String> names(List<Task> batch) {
        return batch.stream().map(Task::name).toList();
    }

    @Test
    void higherPriorityLevelsAreServedFirstAndEarliestDeadlineFirstWithinALevel() throws InterruptedException {
        BatchQueue<Task> q = queue(new BatchPolicy(100, 3, List.of(), Duration.ZERO, 3, Duration.ofSeconds(10)));
        q.offer(new Task("low-late", 0, 900));
        q.offer(new Task("high-late", 2, 800));
        q.offer(new Task("mid", 1, 100));
        q.offer(new Task("high-soon", 2, 200));
        q.offer(new Task("low-soon", 0, 50));
        assertThat(names(q.takeBatch(Duration.ZERO))).containsExactly("high-soon", "high-late", "mid");
        assertThat(names(q.takeBatch(Duration.ZERO))).containsExactly("low-soon", "low-late");
    }

    @Test
    void aPriorityAboveTheLevelsGoesToTheTopLevelAndANegativeOneToTheBottom() throws InterruptedException {
        BatchQueue<Task> q = queue(new BatchPolicy(100, 1, List.of(), Duration.ZERO, 2, Duration.ofSeconds(10)));
        q.offer(new Task("negative", -5, 1));
        q.offer(new Task("huge", 99, 2));
        assertThat(names(q.takeBatch(Duration.ZERO))).containsExactly("huge");
    }

    @Test
    void aLowerLevelItemWaitingBeyondTheStarvationBoundIsServedFirst() throws InterruptedException {
        BatchQueue<Task> q = queue(new BatchPolicy(100, 2, List.of(), Duration.ZERO, 2, Duration.ofMillis(100)));
        q.offer(new Task("low", 0, 1));
        nanos.addAndGet(Duration.ofMillis(150).toNanos());
        q.offer(new Task("high-1", 1, 1));
        q.offer(new Task("high-2", 1, 1));
        assertThat(names(q.takeBatch(Duration.ZERO))).containsExactly("low", "high-1");
    }

    @Test
    void aBatchClosesAtOnceAtTheLargestPreferredSizeAndTakesAPreferredSizeAtTheDelay() throws InterruptedException {
        BatchQueue<Task> q = queue(new BatchPolicy(100, 16, List.of(2, 4), Duration.ofMillis(5), 1, Duration.ofSeconds(1)));
        for (int i = 0; i < 5; i++) {
            q.offer(new Task("t" + i, 0, i));
        }
        assertThat(q.takeBatch(Duration.ZERO)).hasSize(4);
        q.offer(new Task("t5", 0, 5));
        q.offer(new Task("t6", 0, 6));
        nanos.addAndGet(Duration.ofMillis(5).toNanos());
        assertThat(names(q.takeBatch(Duration.ZERO))).containsExactly("t4", "t5");
        assertThat(q.size()).isEqualTo(1);
    }

    @Test
    void preferredSizesAboveTheMaximumAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                new BatchPolicy(10, 4, List.of(8), Duration.ZERO, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("preferred batch size 8");
    }
}
