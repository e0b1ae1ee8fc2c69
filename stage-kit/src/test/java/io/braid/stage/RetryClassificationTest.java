package io.braid.stage;

import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.TaskException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures of a whole task are retried as possibly transient. */
class RetryClassificationTest {

    @Test
    void anOutOfMemoryErrorIsNeverRetriedAsIfItWereTransient() {
        assertThat(TaskStage.retryable(new OutOfMemoryError("Java heap space"))).isFalse();
        assertThat(TaskStage.retryable(new StackOverflowError())).isFalse();
    }

    @Test
    void typedErrorsSayThemselvesAndUnexpectedExceptionsMayBeTransient() {
        assertThat(TaskStage.retryable(new TaskException(ErrorCode.OVERLOADED, "queue full"))).isTrue();
        assertThat(TaskStage.retryable(new TaskException(ErrorCode.TOO_LARGE, "20000x20000"))).isFalse();
        assertThat(TaskStage.retryable(new TaskException(ErrorCode.RESOURCE_EXHAUSTED, "heap"))).isFalse();
        assertThat(TaskStage.retryable(new IllegalStateException("broker hiccup"))).isTrue();
    }
}
