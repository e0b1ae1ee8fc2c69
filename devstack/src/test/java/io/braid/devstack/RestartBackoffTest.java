package io.braid.devstack;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestartBackoffTest {
    private static final RestartBackoff POLICY = RestartBackoff.DEFAULT;
    private static final Duration SHORT_RUN = Duration.ofSeconds(2);

    @Test
    void theWaitDoublesFromOneSecondUpToThirtySeconds() {
        Duration wait = null;
        StringBuilder waits = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            wait = POLICY.next(wait, SHORT_RUN);
            waits.append(wait.toSeconds()).append(' ');
        }
        assertThat(waits.toString().trim()).isEqualTo("1 2 4 8 16 30 30 30");
    }

    @Test
    void aProcessThatRanAMinuteIsHealthyAgainAndWaitsOneSecond() {
        assertThat(POLICY.next(Duration.ofSeconds(30), Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.next(Duration.ofSeconds(30), Duration.ofSeconds(59))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aPolicyWhoseFirstWaitExceedsItsLongestIsRefused() {
        assertThatThrownBy(() -> new RestartBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("first <= max");
    }
}
