package io.braid.gateway.progress;

import io.braid.common.job.JobFields;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress a job's GET shows: per-branch counts, the tree of cells by stage with timings, the ETA. */
class ProgressViewTest {
    private static final List<String> BRANCHES = List.of("fast", "slow");
    private static final Map<String, Long> TYPICAL = Map.of(
            "fast|queued", 10L, "fast|preprocess", 10L, "fast|batch", 20L, "fast|inference", 30L, "fast|postprocess", 10L,
            "slow|queued", 10L, "slow|preprocess", 10L, "slow|batch", 100L, "slow|inference", 300L, "slow|postprocess", 10L);

    private static Map<String, String> job(int items, int done) {
        Map<String, String> h = new HashMap<>();
        h.put(JobFields.ITEMS, Integer.toString(items));
        h.put(JobFields.BRANCHES, "2");
        h.put(JobFields.DONE, Integer.toString(done));
        h.put(JobFields.ITEM_IDS, "[\"cat\",\"dog\"]");
        h.put(JobFields.STARTED_AT, "1000");
        h.put(JobFields.DEADLINE, "100000");
        return h;
    }

    @Test
    void eachCellShowsItsStageSinceWhenAndTheTimeItSpentInEveryStageItLeft() {
        Map<String, String> tree = Map.of(
                "0:fast", "preprocess@1010,batch@1030,inference@1050,postprocess@1080,joined@1090",
                "0:slow", "preprocess@1010,batch@1030",
                "1:fast", "preprocess@1020");
        ProgressView.Progress p = ProgressView.of(job(2, 1), tree, BRANCHES, TYPICAL, 0, false, true, 1100);

        assertThat(p.tree()).extracting(ProgressView.ItemProgress::item).containsExactly("cat", "dog");
        ProgressView.CellView joined = p.tree().get(0).branches().get("fast");
        assertThat(joined.stage()).isEqualTo("joined");
        assertThat(joined.timings()).containsEntry("queued", 10L).containsEntry("preprocess", 20L)
                .containsEntry("batch", 20L).containsEntry("inference", 30L).containsEntry("postprocess", 10L);
        ProgressView.CellView batching = p.tree().get(0).branches().get("slow");
        assertThat(batching.stage()).isEqualTo("batch");
        assertThat(batching.since()).isEqualTo(1030);
        ProgressView.CellView waiting = p.tree().get(1).branches().get("slow");
        assertThat(waiting.stage()).as("no mark yet: queued since the job started").isEqualTo("queued");
        assertThat(waiting.since()).isEqualTo(1000);
        assertThat(p.branches().get("fast")).isEqualTo(new ProgressView.BranchProgress(1, 2));
        assertThat(p.branches().get("slow")).isEqualTo(new ProgressView.BranchProgress(0, 2));
        assertThat(p.done()).isEqualTo(1);
        assertThat(p.total()).isEqualTo(4);
        assertThat(p.percent()).isEqualTo(25.0);
    }

    @Test
    void theEtaIsTheSlowestCellsRemainingPathAndMovesWithTheClock() {
        Map<String, String> tree = Map.of("0:fast", "preprocess@1010,batch@1030,inference@1050,postprocess@1080,joined@1090",
                "0:slow", "preprocess@1010,batch@1030,inference@1130", "1:fast", "joined@1090", "1:slow", "joined@1090");
        ProgressView.Progress p = ProgressView.of(job(2, 3), tree, BRANCHES, TYPICAL, 0, false, false, 1200);
        // the slow cell has 300 - 70 ms of inference left, then 10 ms of post-processing
        assertThat(p.eta()).isEqualTo(new ProgressView.EtaView(240, 1440));
        ProgressView.Progress later = ProgressView.of(job(2, 3), tree, BRANCHES, TYPICAL, 0, false, false, 1300);
        assertThat(later.eta().ms()).isEqualTo(140);
        assertThat(p.tree()).as("not asked for").isNull();
    }

    @Test
    void manyItemsLeftTakeAsLongAsThePipelinesServiceRateNeedsForThem() {
        ProgressView.Progress p = ProgressView.of(job(2, 0), Map.of(), BRANCHES, TYPICAL, 0.5, false, false, 1000);
        assertThat(p.eta().ms()).as("2 items at 0.5 items/s").isEqualTo(4000);
    }

    @Test
    void withNothingObservedYetThereIsNoEta() {
        ProgressView.Progress p = ProgressView.of(job(2, 0), Map.of(), BRANCHES, Map.of(), 0, false, true, 1000);
        assertThat(p.eta()).isNull();
        assertThat(p.tree()).hasSize(2);
    }

    @Test
    void aFinishedJobHasNeitherTreeNorEtaAndEveryBranchIsComplete() {
        ProgressView.Progress p = ProgressView.of(job(2, 4), Map.of(), BRANCHES, TYPICAL, 5, true, true, 5000);
        assertThat(p.tree()).isNull();
        assertThat(p.eta()).isNull();
        assertThat(p.percent()).isEqualTo(100.0);
        assertThat(p.branches().get("slow")).isEqualTo(new ProgressView.BranchProgress(2, 2));
    }

    @Test
    void theDoneCountIsNeverBehindTheCellsTheTreeShowsJoined() {
        Map<String, String> tree = Map.of("0:fast", "joined@1010", "0:slow", "joined@1020", "1:fast", "joined@1030");
        ProgressView.Progress p = ProgressView.of(job(2, 1), tree, BRANCHES, TYPICAL, 0, false, false, 1100);
        assertThat(p.done()).as("the tree was read after the job hash").isEqualTo(3);
        assertThat(p.percent()).isEqualTo(75.0);
    }
}
