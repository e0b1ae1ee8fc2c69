package io.braid.preprocess.ops;

import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.TaskException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PixelBudgetTest {

    @Test
    void imagesThatFitTogetherAreDecodedAtOnce() {
        PixelBudget budget = new PixelBudget(100);
        assertThat(budget.acquire(60, "a")).isDone();
        assertThat(budget.acquire(40, "b")).isDone();
        assertThat(budget.available()).isZero();
    }

    @Test
    void anImageThatDoesNotFitWaitsUntilPixelsAreReleasedInArrivalOrder() {
        PixelBudget budget = new PixelBudget(100);
        budget.acquire(70, "a");
        CompletableFuture<Void> big = budget.acquire(80, "b");
        CompletableFuture<Void> small = budget.acquire(10, "c");
        assertThat(big).isNotDone();
        assertThat(small).as("first come, first served: a small image does not overtake a waiting large one").isNotDone();
        budget.release(70);
        assertThat(big).isDone();
        assertThat(small).isDone();
        assertThat(budget.available()).isEqualTo(10);
        assertThat(budget.waiting()).isZero();
    }

    @Test
    void anImageLargerThanTheWholeBudgetIsRefusedAtOnceAndTakesNothing() {
        PixelBudget budget = new PixelBudget(100);
        CompletableFuture<Void> bomb = budget.acquire(101, "item 3");
        assertThatThrownBy(bomb::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(TaskException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
                    assertThat(e.code().retryable()).isFalse();
                    assertThat(e.getMessage()).contains("item 3", "101 pixels", "braid.preprocess.pixel-budget 100");
                });
        assertThat(budget.available()).isEqualTo(100);
        assertThat(budget.acquire(100, "next")).isDone();
    }

    @Test
    void aNonPositiveBudgetIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new PixelBudget(0)).hasMessageContaining("braid.preprocess.pixel-budget");
    }
}
