package io.braid.dispatcher.convoy;

import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConvoyPackerTest {
    private static final long SPREAD = 1000;

    private static JobRequest job(String id, String pipeline, int items, int priority, long deadline) {
        List<JobItem> list = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            list.add(new JobItem(id + "-" + i, "image/png", new byte[]{(byte) i}));
        }
        return new JobRequest(id, pipeline, list, deadline, priority, 0);
    }

    private static List<List<String>> ids(List<List<JobRequest>> groups) {
        return groups.stream().map(g -> g.stream().map(JobRequest::jobId).toList()).toList();
    }

    @Test
    void smallJobsOfOnePipelineAndPriorityShareOneConvoy() {
        List<List<JobRequest>> groups = ConvoyPacker.pack(List.of(job("a", "p", 1, 0, 100), job("b", "p", 1, 0, 200),
                job("c", "p", 2, 0, 150)), p -> 32, SPREAD);
        assertThat(ids(groups)).containsExactly(List.of("a", "c", "b"));
    }

    @Test
    void differentPipelinesOrPrioritiesNeverShareAConvoy() {
        List<List<JobRequest>> groups = ConvoyPacker.pack(List.of(job("a", "p", 1, 0, 100), job("b", "q", 1, 0, 100),
                job("c", "p", 1, 1, 100), job("d", "p", 1, 0, 100)), p -> 32, SPREAD);
        assertThat(ids(groups)).containsExactlyInAnyOrder(List.of("a", "d"), List.of("b"), List.of("c"));
    }

    @Test
    void aConvoyNeverHoldsMoreItemsThanOneTask() {
        List<JobRequest> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jobs.add(job("j" + i, "p", 3, 0, 100 + i));
        }
        List<List<JobRequest>> groups = ConvoyPacker.pack(jobs, p -> 8, SPREAD);
        assertThat(groups).allSatisfy(g -> assertThat(g.stream().mapToInt(j -> j.items().size()).sum()).isLessThanOrEqualTo(8));
        assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(10);
        assertThat(ids(groups).get(0)).containsExactly("j0", "j1");
    }

    @Test
    void aJobAsLargeAsATaskTravelsAlone() {
        List<List<JobRequest>> groups = ConvoyPacker.pack(List.of(job("big", "p", 8, 0, 100), job("a", "p", 1, 0, 100),
                job("b", "p", 1, 0, 100)), p -> 8, SPREAD);
        assertThat(ids(groups)).containsExactly(List.of("big"), List.of("a", "b"));
    }

    @Test
    void deadlinesFurtherApartThanTheSpreadSplitConvoys() {
        List<List<JobRequest>> groups = ConvoyPacker.pack(List.of(job("late", "p", 1, 0, 5000), job("a", "p", 1, 0, 100),
                job("b", "p", 1, 0, 1100), job("c", "p", 1, 0, 1101)), p -> 32, SPREAD);
        assertThat(ids(groups)).containsExactly(List.of("a", "b"), List.of("c"), List.of("late"));
    }
}
