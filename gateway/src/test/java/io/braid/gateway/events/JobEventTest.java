package io.braid.gateway.events;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Stream entries as the dispatcher's scripts write them become the events clients read. */
class JobEventTest {
    @Test
    void aBranchEntryNamesTheInputByItsIdAndIndex() {
        JobEvent e = JobEvent.of("17-0", Map.of("e", "branch", "i", "1", "b", "cnn", "s", "timeout", "at", "42"),
                List.of("cat", "dog"));
        assertThat(e.name()).isEqualTo("branch");
        assertThat(e.id()).isEqualTo("17-0");
        assertThat(e.data()).isEqualTo(Map.of("item", "dog", "index", 1, "branch", "cnn", "status", "timeout", "at", 42L));
    }

    @Test
    void anItemBeyondTheKnownIdsIsNamedByItsIndex() {
        JobEvent e = JobEvent.of("1-1", Map.of("e", "item", "i", "5", "s", "SUCCEEDED", "at", "1"), List.of("a"));
        assertThat(e.data()).isEqualTo(Map.of("item", "5", "index", 5, "status", "ok", "at", 1L));
    }

    @Test
    void anItemIsDecidedWithTheStatusItsResultWillShow() {
        assertThat(JobEvent.of("1-1", Map.of("e", "item", "i", "0", "s", "DEGRADED"), List.of()).data())
                .isEqualTo(Map.of("item", "0", "index", 0, "status", "partial"));
        assertThat(JobEvent.of("1-1", Map.of("e", "item", "i", "0", "s", "FAILED"), List.of()).data())
                .isEqualTo(Map.of("item", "0", "index", 0, "status", "failed"));
    }

    @Test
    void onlyStreamIdsAndEndAreIdsToResumeFrom() {
        assertThat(JobEvent.validId("1796091671513-0")).isTrue();
        assertThat(JobEvent.validId("end")).isTrue();
        assertThat(JobEvent.validId("1796091671513")).isFalse();
        assertThat(JobEvent.validId("-1")).isFalse();
        assertThat(JobEvent.validId("1-2-3")).isFalse();
        assertThat(JobEvent.validId("99999999999999999999-0")).as("too long for a stream id").isFalse();
    }
}
