package io.braid.stage;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SkipListTest {
    private final AtomicLong now = new AtomicLong(10_000);
    private final SkipList skips = new SkipList(now::get);

    @Test
    void anEndedJobSkipsEveryItemAndADecidedItemOnlyItself() {
        skips.jobEnded("a", 20_000);
        skips.itemDecided("b", 3, 20_000);
        assertThat(skips.reason("a", 0)).isEqualTo(SkipList.Reason.JOB_ENDED);
        assertThat(skips.reason("b", 3)).isEqualTo(SkipList.Reason.ITEM_DECIDED);
        assertThat(skips.reason("b", 4)).isNull();
        assertThat(skips.reason("c", 0)).isNull();
    }

    @Test
    void expiredNoticesAreForgotten() {
        skips.jobEnded("old", 10_500);
        now.set(12_000);
        skips.jobEnded("new", 30_000);
        assertThat(skips.reason("old", 0)).isNull();
        assertThat(skips.size()).isEqualTo(1);
    }
}
