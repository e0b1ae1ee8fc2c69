package io.braid.stage;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncPermitsTest {

    @Test
    void acquiresBeyondThePermitsWaitAndAreServedInOrderOnRelease() {
        AsyncPermits permits = new AsyncPermits(1);
        CompletionStage<Void> first = permits.acquire();
        CompletionStage<Void> second = permits.acquire();
        CompletionStage<Void> third = permits.acquire();
        assertThat(first.toCompletableFuture()).isDone();
        assertThat(second.toCompletableFuture()).isNotDone();
        assertThat(permits.waiting()).isEqualTo(2);
        permits.release();
        assertThat(second.toCompletableFuture()).isDone();
        assertThat(third.toCompletableFuture()).isNotDone();
        permits.release();
        permits.release();
        assertThat(third.toCompletableFuture()).isDone();
        assertThat(permits.available()).isEqualTo(1);
    }
}
