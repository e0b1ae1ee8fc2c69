package io.braid.dispatcher.plan;

import io.braid.common.pipeline.ModelRepository;
import io.braid.common.pipeline.PipelineCatalog;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.Headers;
import io.braid.common.wire.Hop;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.common.wire.RoutingSlip;
import io.braid.common.wire.TaskHeaders;
import io.braid.common.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobPlannerTest {
    @TempDir
    Path root;

    private PipelineDefinition pipeline(ModelRepository repo) throws IOException {
        Path dir = Files.createDirectories(root.resolve("pipelines"));
        Files.writeString(dir.resolve("p.yaml"), """
                name: p
                input: image
                preprocess: {op: image-to-tensor, params: {width: 28}}
                postprocess: {op: classify, params: {topK: 2}}
                branches: [{name: small, model: m-small}, {name: large, model: m-large}]
                """);
        return PipelineCatalog.load(dir, repo).find("p").orElseThrow();
    }

    private ModelRepository models() throws IOException {
        for (String pool : List.of("small", "large")) {
            Path dir = Files.createDirectories(root.resolve("models/m-" + pool));
            Files.write(dir.resolve("model.pt"), new byte[]{1});
            Files.writeString(dir.resolve("model.yaml"), "name: m-" + pool + "\nengine: PyTorch\nfile: model.pt\npool: cpu-"
                    + pool + "\ninput: {dtype: float32, shape: [1, 28, 28]}\nlabels: [x, y]\n");
        }
        return ModelRepository.load(root.resolve("models"));
    }

    @Test
    void aJobBecomesOnePreprocessTaskPerItemWhoseSlipForksToEachBranchPool() throws IOException {
        ModelRepository repo = models();
        JobRequest job = new JobRequest("job-7", "p", List.of(new JobItem("a", "image/png", new byte[]{1}),
                new JobItem("b", "image/jpeg", new byte[]{2})), 9000, 3, 100);
        List<Hop> hops = JobPlanner.plan(job, pipeline(repo), repo, 500);
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
