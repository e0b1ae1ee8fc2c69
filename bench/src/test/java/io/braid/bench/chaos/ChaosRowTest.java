package io.braid.bench.chaos;

import org.junit.jupiter.api.Test;

import java.util.NavigableMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** How the fault suite reads a throughput timeline (samples every 500 ms of outcomes done so far). */
class ChaosRowTest {
    private static final long FAULT_AT = 10_000;

    /** 10 outcomes per second, nothing from {@code stallFrom} to {@code stallTo} (ms), until {@code end}. */
    private static NavigableMap<Long, Integer> timeline(long stallFrom, long stallTo, long end) {
        NavigableMap<Long, Integer> samples = new TreeMap<>();
        int done = 0;
        for (long t = 0; t <= end; t += 500) {
            samples.put(t, done);
            if (t < stallFrom || t >= stallTo) {
                done += 5;
            }
        }
        return samples;
    }

    @Test
    void aStallAfterTheFaultEndsWhenTheRateIsBackAtThreeQuartersOfTheRateBefore() {
        // a 6 s stall, read through 2 s windows sampled every 500 ms
        assertThat(ChaosRow.recovery(timeline(FAULT_AT, FAULT_AT + 6_000, 40_000), FAULT_AT)).isCloseTo(6.0, within(0.5));
    }

    @Test
    void aRateThatNeverDropsHasNoRecovery() {
        assertThat(ChaosRow.recovery(timeline(0, 0, 40_000), FAULT_AT)).isZero();
    }

    @Test
    void theIdleTimeAfterTheLoadIsDrainedIsNotAStall() {
        // the load is done 4 s after the fault and nothing comes after it: not a stall
        assertThat(ChaosRow.recovery(timeline(14_000, 60_000, 60_000), FAULT_AT)).isZero();
    }

    @Test
    void aStallThatLastsUntilTheLoadIsDrainedEndsWhenItIs() {
        // outcomes stop at the fault and all the rest arrive at once 8 s later (a backlog released)
        NavigableMap<Long, Integer> samples = timeline(FAULT_AT, FAULT_AT + 8_000, FAULT_AT + 8_000);
        samples.put(FAULT_AT + 8_500, samples.lastEntry().getValue() + 100);
        assertThat(ChaosRow.recovery(samples, FAULT_AT)).isCloseTo(8.0, within(1.0));
    }

    @Test
    void withoutAFaultThereIsNothingToRecoverFrom() {
        assertThat(ChaosRow.recovery(timeline(FAULT_AT, FAULT_AT + 6_000, 40_000), 0)).isZero();
    }
}
