package io.braid.inference.http;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    /** u = 0.5 means "no jitter": the delay is exactly the base. */
    private final Backoff middle = new Backoff(100, 1_000, () -> 0.5);

    @Test
    void theBaseDelayDoublesFromBackoffMsPerRetry() {
        assertThat(middle.baseDelayMs(1)).isEqualTo(100);
        assertThat(middle.baseDelayMs(2)).isEqualTo(200);
        assertThat(middle.baseDelayMs(3)).isEqualTo(400);
        assertThat(middle.baseDelayMs(4)).isEqualTo(800);
        assertThat(middle.delayMs(3)).isEqualTo(400);
    }

    @Test
    void theDelayIsCappedAtMaxBackoffEvenForHugeRetryNumbers() {
        assertThat(middle.baseDelayMs(5)).isEqualTo(1_000);
        assertThat(middle.baseDelayMs(64)).isEqualTo(1_000);
        assertThat(middle.baseDelayMs(Integer.MAX_VALUE)).isEqualTo(1_000);
        assertThat(new Backoff(100, 1_000, () -> 0.999).delayMs(40)).isEqualTo(1_000);
    }

    @Test
    void jitterKeepsTheDelayWithinHalfToOneAndAHalfTimesTheBase() {
        assertThat(new Backoff(100, 1_000, () -> 0.0).delayMs(2)).isEqualTo(100);
        assertThat(new Backoff(100, 1_000, () -> 0.9999).delayMs(2)).isEqualTo(300);
        SplittableRandom random = new SplittableRandom(42);
        Backoff jittered = new Backoff(100, 10_000, random::nextDouble);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long d = jittered.delayMs(3);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isGreaterThanOrEqualTo(200).isLessThan(220);
        assertThat(max).isLessThanOrEqualTo(600).isGreaterThan(580);
    }

    @Test
    void aRetryAfterLongerThanTheBackoffWinsEvenAboveTheCap() {
        assertThat(middle.delayMs(1, 1_000)).isEqualTo(1_000);
        assertThat(middle.delayMs(1, 5_000)).isEqualTo(5_000);
        assertThat(middle.delayMs(3, 50)).isEqualTo(400);
        assertThat(middle.delayMs(3, -1)).isEqualTo(400);
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        long now = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        assertThat(Backoff.retryAfterMs("1", now)).isEqualTo(1_000);
        assertThat(Backoff.retryAfterMs(" 120 ", now)).isEqualTo(120_000);
        String inFive = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(Instant.ofEpochMilli(now + 5_000), ZoneOffset.UTC));
        assertThat(Backoff.retryAfterMs(inFive, now)).isEqualTo(5_000);
        assertThat(Backoff.retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", now)).isZero();
    }

    @Test
    void anAbsentOrUnreadableRetryAfterMeansNone() {
        assertThat(Backoff.retryAfterMs(null, 0)).isEqualTo(-1);
        assertThat(Backoff.retryAfterMs("", 0)).isEqualTo(-1);
        assertThat(Backoff.retryAfterMs("soon", 0)).isEqualTo(-1);
        assertThat(Backoff.retryAfterMs("-3", 0)).isEqualTo(-1);
        assertThat(Backoff.retryAfterMs("99999999999999999999999", 0)).isEqualTo(-1);
    }

    @Test
    void aRetryWhoseWaitEndsBeforeTheDeadlineIsScheduledAtNowPlusTheDelay() {
        assertThat(Backoff.decide(1_000, 2_000, 400)).isEqualTo(new Backoff.RetryAt(1_400, 400));
    }

    @Test
    void aRetryWhoseWaitEndsAtOrAfterTheDeadlineIsNotStarted() {
        assertThat(Backoff.decide(1_000, 2_000, 1_000)).isInstanceOfSatisfying(Backoff.GiveUp.class, g -> {
            assertThat(g.leftMs()).isEqualTo(1_000);
            assertThat(g.reason()).contains("deadline does not leave room");
        });
        assertThat(Backoff.decide(1_000, 2_000, 5_000)).isInstanceOf(Backoff.GiveUp.class);
        assertThat(Backoff.decide(3_000, 2_000, 0)).isInstanceOf(Backoff.GiveUp.class);
        assertThat(Backoff.decide(1_000, Long.MAX_VALUE, Long.MAX_VALUE)).isInstanceOf(Backoff.GiveUp.class);
    }

    @Test
    void settingsThatCannotGrowAreRefused() {
        assertThatThrownBy(() -> new Backoff(-1, 10, () -> 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(100, 10, () -> 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> middle.delayMs(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
