package io.braid.common.pipeline;

import io.braid.common.pipeline.PipelineDefinition.JoinPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionLoadingTest {
    @TempDir
    Path root;

    private Path models() throws IOException {
        Path dir = Files.createDirectories(root.resolve("models/m1"));
        Files.write(dir.resolve("model.pt"), new byte[]{1});
        Files.writeString(dir.resolve("model.yaml"), """
                name: m1
                engine: PyTorch
                file: model.pt
                pool: cpu-small
                input: {dtype: float32, shape: [1, 28, 28]}
                output: {dtype: float32, shape: [3]}
                labels: [a, b, c]
                batching: {maxBatchSize: 8, maxBatchDelayMs: 2, maxQueueSize: 64, preferredBatchSizes: [4, 8]}
                """);
        return root.resolve("models");
    }

    private Path pipeline(String name, String body) throws IOException {
        Path dir = Files.createDirectories(root.resolve("pipelines"));
        Files.writeString(dir.resolve(name + ".yaml"), body);
        return dir;
    }

    @Test
    void aValidModelAndPipelineLoadWithTheirSettings() throws IOException {
        ModelRepository repo = ModelRepository.load(models());
        ModelSpec m = repo.find("m1").orElseThrow();
        assertThat(m.pool()).isEqualTo("cpu-small");
        assertThat(m.input().shape()).containsExactly(1, 28, 28);
        assertThat(m.batching().preferredBatchSizes()).containsExactly(4, 8);
        assertThat(m.labels()).containsExactly("a", "b", "c");
        PipelineCatalog catalog = PipelineCatalog.load(pipeline("p1", """
                name: p1
                input: image
                preprocess: {op: image-to-tensor}
                postprocess: {op: classify, params: {topK: 2}}
                branches: [{name: one, model: m1}, {name: two, model: m1}]
                join: {policy: quorum, quorum: 2, deadlineMs: 500, onTimeout: fail}
                reducer: vote
                """), repo);
        PipelineDefinition p = catalog.find("p1").orElseThrow();
        assertThat(p.branchNames()).containsExactly("one", "two");
        assertThat(p.join().policy()).isEqualTo(JoinPolicy.QUORUM);
        assertThat(p.join().deadlineMs()).isEqualTo(500);
        assertThat(p.reducer()).isEqualTo(PipelineDefinition.Reducer.VOTE);
    }

    @Test
    void everyPipelineErrorNamesFileFieldAndReason() throws IOException {
        ModelRepository repo = ModelRepository.load(models());
        Path dir = pipeline("bad", """
                name: bad
                input: video
                preprocess: {op: sharpen}
                postprocess: {op: classify}
                branches: [{name: one, model: nope}, {name: one, model: m1}]
                join: {policy: quorum, quorum: 5, color: red}
                reducer: median
                """);
        assertThatThrownBy(() -> PipelineCatalog.load(dir, repo))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .contains("input", "preprocess.op", "branches[0].model", "branches[1].name", "join.quorum",
                                "join.color", "reducer"))
                .hasMessageContaining("bad.yaml: branches[0].model: 'nope' is not in the model repository")
                .hasMessageContaining("bad.yaml: join.quorum: 5 exceeds the number of branches (2)");
    }

    @Test
    void aPipelineNameMustMatchItsFileAndBranchesAreRequired() throws IOException {
        ModelRepository repo = ModelRepository.load(models());
        Path dir = pipeline("file-name", "name: other\ninput: image\npreprocess: {op: image-to-tensor}\npostprocess: {op: classify}\n");
        assertThatThrownBy(() -> PipelineCatalog.load(dir, repo))
                .hasMessageContaining("name: 'other' must equal the file name 'file-name'")
                .hasMessageContaining("branches: is required");
    }

    @Test
    void modelYamlErrorsNameFileFieldAndReason() throws IOException {
        Path dir = Files.createDirectories(root.resolve("models/m2"));
        Files.writeString(dir.resolve("model.yaml"), """
                name: m2
                engine: TensorFlow
                file: missing.pt
                pool: Big_Pool
                input: {dtype: complex64, shape: [0, 28]}
                batching: {maxBatchSize: 16, maxQueueSize: 8, preferredBatchSizes: [32]}
                """);
        assertThatThrownBy(() -> ModelRepository.load(root.resolve("models")))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .contains("engine", "file", "pool", "input.dtype", "input.shape[0]",
                                "batching.maxQueueSize", "batching.preferredBatchSizes[0]"))
                .hasMessageContaining("m2/model.yaml: batching.maxQueueSize: 8 is smaller than maxBatchSize 16");
    }

    @Test
    void aMetadataOnlyLoadAcceptsAModelWhoseFileIsNotHere() throws IOException {
        Path models = models();
        Files.delete(models.resolve("m1/model.pt"));
        assertThatThrownBy(() -> ModelRepository.load(models)).hasMessageContaining("file: 'model.pt' does not exist");
        assertThat(ModelRepository.loadMetadata(models).find("m1")).isPresent();
    }

    @Test
    void invalidYamlIsReportedWithItsFile() throws IOException {
        ModelRepository repo = ModelRepository.load(models());
        Path dir = pipeline("broken", "name: [unclosed\n");
        assertThatThrownBy(() -> PipelineCatalog.load(dir, repo)).hasMessageContaining("broken.yaml: -: not valid YAML");
    }
}
