package io.braid.dispatcher.convoy;

import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConvoyTest {
    private static JobRequest job(String id, int items, long deadline, long submitted) {
        List<JobItem> list = java.util.stream.IntStream.range(0, items)
                .mapToObj(i -> new JobItem(id + "-" + i, "image/png", new byte[]{(byte) i})).toList();
        return new JobRequest(id, "digits", list, deadline, 2, submitted);
    }

    @Test
    void theStagesSeeOneJobWithEveryMembersItemsInOrderAndTheLatestDeadline() {
        Convoy c = Convoy.of(List.of(job("a", 2, 500, 10), job("b", 1, 900, 5)));
        JobRequest seen = c.asJob();
        assertThat(seen.jobId()).isEqualTo(c.id()).startsWith(Convoy.PREFIX);
        assertThat(Convoy.isConvoy(seen.jobId())).isTrue();
        assertThat(Convoy.isConvoy("6f1c0c8e-0000-4000-8000-000000000000")).isFalse();
        assertThat(seen.items()).extracting(JobItem::id).containsExactly("a-0", "a-1", "b-0");
        assertThat(seen.deadlineEpochMs()).isEqualTo(900);
        assertThat(seen.submittedAtMs()).isEqualTo(5);
        assertThat(seen.priority()).isEqualTo(2);
        assertThat(seen.pipeline()).isEqualTo("digits");
    }

    @Test
    void everyConvoyItemMapsBackToItsJobAndItem() {
        ConvoyMembers layout = Convoy.of(List.of(job("a", 2, 1, 1), job("b", 1, 1, 1), job("c", 3, 1, 1))).layout();
        assertThat(layout.size()).isEqualTo(6);
        assertThat(layout.at(0)).isEqualTo(new ConvoyMembers.Position("a", 0));
        assertThat(layout.at(1)).isEqualTo(new ConvoyMembers.Position("a", 1));
        assertThat(layout.at(2)).isEqualTo(new ConvoyMembers.Position("b", 0));
        assertThat(layout.at(5)).isEqualTo(new ConvoyMembers.Position("c", 2));
        assertThat(layout.offset(2)).isEqualTo(3);
        assertThat(layout.indexOf("c")).isEqualTo(2);
        assertThatThrownBy(() -> layout.indexOf("d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layout.at(6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLayoutSurvivesItsStoredForm() {
        ConvoyMembers layout = Convoy.of(List.of(job("a", 2, 1, 1), job("b", 1, 1, 1))).layout();
        ConvoyMembers back = ConvoyMembers.decode(layout.encode());
        assertThat(back.encode()).isEqualTo("a:2,b:1");
        assertThat(back.at(2)).isEqualTo(new ConvoyMembers.Position("b", 0));
        assertThatThrownBy(() -> ConvoyMembers.decode("a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConvoyHasAtLeastTwoMembers() {
        assertThatThrownBy(() -> Convoy.of(List.of(job("a", 1, 1, 1)))).isInstanceOf(IllegalArgumentException.class);
    }
}
