package io.braid.dispatcher.plan;

import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.PipelineCatalog;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.common.wire.Parts;
import io.braid.common.wire.RoutingSlip;
import io.braid.common.wire.TaskHeaders;
import io.braid.common.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobPlannerTest {
    @TempDir
    Path root;

    private PipelineDefinition pipeline(ModelRepository repo, int itemsPerTask) throws IOException {
        Path dir = Files.createDirectories(root.resolve("pipelines"));
        Files.writeString(dir.resolve("p.yaml"), """
                name: p
                input: image
                preprocess: {op: image-to-tensor, params: {width: 28}}
                postprocess: {op: classify, params: {topK: 2}}
                branches: [{name: small, model: m-small}, {name: large, model: m-large}]
                itemsPerTask: %d
                """.formatted(itemsPerTask));
        return PipelineCatalog.load(dir, repo).find("p").orElseThrow();
    }

    private ModelRepository models() throws IOException {
        return models(1024);
    }

    private ModelRepository models(int largeQueue) throws IOException {
        for (String pool : List.of("small", "large")) {
            Path dir = Files.createDirectories(root.resolve("models/m-" + pool));
            Files.write(dir.resolve("model.pt"), new byte[]{1});
            Files.writeString(dir.resolve("model.yaml"), "name: m-" + pool + "\nengine: PyTorch\nfile: model.pt\npool: cpu-"
                    + pool + "\ninput: {dtype: float32, shape: [1, 28, 28]}\nlabels: [x, y]\n"
                    + (pool.equals("large") ? "batching: {maxBatchSize: 2, maxQueueSize: " + largeQueue + "}\n" : ""));
        }
        return ModelRepository.load(root.resolve("models"));
    }

    private static JobRequest job(int items, int bytesEach) {
        List<JobItem> list = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            byte[] data = new byte[bytesEach];
            Arrays.fill(data, (byte) i);
            list.add(new JobItem("id" + i, "image/png", data));
        }
        return new JobRequest("job-9", "p", list, 9000, 0, 100);
    }

    @Test
    void consecutiveItemsTravelTogetherUpToItemsPerTaskInOneFramePerTask() throws IOException {
        ModelRepository repo = models();
        List<Hop> hops = JobPlanner.plan(job(5, 3), pipeline(repo, 2), repo, 500, 1_000_000);
        assertThat(hops).hasSize(3);
        List<TaskHeaders> tasks = hops.stream().map(h -> TaskHeaders.parse(h.headers())).toList();
        assertThat(tasks).extracting(TaskHeaders::items).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4));
        List<byte[]> parts = Parts.decode(hops.get(1).value(), 2);
        assertThat(parts.get(0)).containsExactly(2, 2, 2);
        assertThat(parts.get(1)).containsExactly(3, 3, 3);
        assertThat(hops.get(2).value()).containsExactly(4, 4, 4);
        assertThat(hops.get(0).headers()).containsEntry(Headers.ITEMS, "0,1").doesNotContainKey(Headers.ITEM_ID);
    }

    @Test
    void aTaskNeverHoldsMoreItemsThanTheSmallestQueueOfItsModels() throws IOException {
        ModelRepository repo = models(3);
        List<Hop> hops = JobPlanner.plan(job(7, 1), pipeline(repo, 16), repo, 500, 1_000_000);
        assertThat(hops).extracting(h -> TaskHeaders.parse(h.headers()).count()).containsExactly(3, 3, 1);
    }

    @Test
    void aTaskStaysUnderTheRecordByteBoundAndAnItemLargerThanItTravelsAlone() throws IOException {
        ModelRepository repo = models();
        List<Hop> hops = JobPlanner.plan(job(4, 400), pipeline(repo, 16), repo, 500, 1000);
        assertThat(hops).extracting(h -> TaskHeaders.parse(h.headers()).items())
                .containsExactly(List.of(0, 1), List.of(2, 3));
        assertThat(hops).allSatisfy(h -> assertThat(h.value().length).isLessThanOrEqualTo(1000));
        List<Hop> huge = JobPlanner.plan(job(2, 2000), pipeline(repo, 16), repo, 500, 1000);
        assertThat(huge).extracting(h -> TaskHeaders.parse(h.headers()).count()).containsExactly(1, 1);
    }

    @Test
    void withoutBundlingAJobBecomesOnePreprocessTaskPerItemWhoseSlipForksToEachBranchPool() throws IOException {
        ModelRepository repo = models();
        JobRequest job = new JobRequest("job-7", "p", List.of(new JobItem("a", "image/png", new byte[]{1}),
                new JobItem("b", "image/jpeg", new byte[]{2})), 9000, 3, 100);
        List<Hop> hops = JobPlanner.plan(job, pipeline(repo, 1), repo, 500, 1_000_000);
        assertThat(hops).hasSize(2).allSatisfy(h -> {
            assertThat(h.topic()).isEqualTo(Topics.PREPROCESS);
            assertThat(h.key()).isEqualTo("job-7");
        });
        assertThat(hops.get(1).value()).containsExactly(2);
        TaskHeaders task = TaskHeaders.parse(hops.get(1).headers());
        assertThat(task.item()).isEqualTo(1);
        assertThat(task.itemId()).isEqualTo("b");
        assertThat(task.deadline()).isEqualTo(9000);
        assertThat(task.priority()).isEqualTo(3);
        assertThat(task.createdAt()).isEqualTo(500);
        assertThat(hops.get(1).headers()).containsEntry(Headers.CONTENT_TYPE, "image/jpeg");
        RoutingSlip slip = task.slip();
        assertThat(slip.current().op()).isEqualTo("image-to-tensor");
        assertThat(slip.forks()).extracting(RoutingSlip.Fork::branch).containsExactly("small", "large");
        RoutingSlip large = slip.forks().get(1).slip();
        assertThat(large.steps()).extracting(s -> s.topic()).containsExactly("braid.inference.cpu-large", Topics.POSTPROCESS);
        assertThat(large.steps().get(0).op()).isEqualTo("m-large");
        assertThat(large.steps().get(1).params()).containsEntry("labels", List.of("x", "y")).containsEntry("topK", 2);
    }
}
