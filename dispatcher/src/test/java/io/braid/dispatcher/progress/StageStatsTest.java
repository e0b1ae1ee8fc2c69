package io.braid.dispatcher.progress;

import io.braid.dispatcher.store.ProgressStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The service rate a dispatcher publishes for admission control and ETAs: learned only at capacity. */
class StageStatsTest {
    /** The store as the statistics see it: the pipeline's items in flight, and what was written. */
    private static final class Store extends ProgressStore {
        long inFlight;
        final Map<String, String> written = new HashMap<>();

        Store() {
            super(null);
        }

        @Override
        public long inFlightItems(String pipeline) {
            return inFlight;
        }

        @Override
        public void writeStats(String pipeline, Map<String, String> fields) {
            written.putAll(fields);
        }
    }

    private static final class MovingClock extends Clock {
        long now = 1_000_000;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }
    }

    @Test
    void itemsFinishedWithNothingWaitingShowTheDemandAndTeachNoRate() {
        Store store = new Store();
        MovingClock clock = new MovingClock();
        StageStats stats = new StageStats(store, clock, "d1");
        stats.finished("digits", 1);
        clock.now += 2000;
        stats.publish();
        assertThat(store.written).as("unknown, and said so: an earlier process's rate is overwritten")
                .containsEntry("d1|rate", "0.000");
    }

    @Test
    void anIntervalThatEndsWithAtLeastAsMuchWorkInFlightTeachesTheRateAndIdleIntervalsKeepIt() {
        Store store = new Store();
        MovingClock clock = new MovingClock();
        StageStats stats = new StageStats(store, clock, "d1");
        store.inFlight = 64;
        stats.finished("digits", 32);
        stats.finished("digits", 32);
        clock.now += 2000;
        stats.publish();
        assertThat(store.written).containsEntry("d1|rate", "32.000");

        store.inFlight = 0;
        clock.now += 2000;
        stats.publish();
        assertThat(store.written).as("an idle interval").containsEntry("d1|rate", "32.000");

        stats.finished("digits", 10);
        clock.now += 2000;
        stats.publish();
        assertThat(store.written).as("demand below capacity").containsEntry("d1|rate", "32.000");
    }
}
