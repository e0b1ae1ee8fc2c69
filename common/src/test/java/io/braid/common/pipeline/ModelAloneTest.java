package io.braid.common.pipeline;

import io.braid.common.tensor.DType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ModelAloneTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private static ModelSpec model(String name, DType dtype, long[] input, long[] output, List<String> labels) {
        return new ModelSpec(name, "PyTorch", "model.pt", Path.of("."), "cpu-small", ModelSpec.Device.CPU,
                new ModelSpec.TensorSpec(dtype, input), new ModelSpec.TensorSpec(DType.FLOAT32, output), labels,
                new ModelSpec.Batching(8, 2, List.of(), 64, 1, 0), 1, 1);
    }

    @Test
    void aGreyImageClassifierIsServedAloneAsASingleBranchPipelineSizedToItsInput() {
        ModelSpec m = model("wide", DType.FLOAT32, new long[]{1, 32, 48}, new long[]{3}, List.of("a", "b", "c"));

        PipelineDefinition p = ModelAlone.pipeline(m).orElseThrow();

        assertThat(p.name()).isEqualTo("wide");
        assertThat(p.input()).isEqualTo("image");
        assertThat(p.preprocess().op()).isEqualTo("image-to-tensor");
        assertThat(p.preprocess().params()).isEqualTo(Map.of("width", 48, "height", 32));
        assertThat(p.branches()).containsExactly(new PipelineDefinition.Branch("wide", "wide", null));
        assertThat(p.postprocess().op()).isEqualTo("classify");
        assertThat(p.reducer()).isEqualTo(PipelineDefinition.Reducer.MEAN);
        assertThat(p.join().policy()).isEqualTo(PipelineDefinition.JoinPolicy.ALL);
    }

    @Test
    void aModelThatImagePreprocessingCannotFeedOrWithoutLabelsIsNotServedAloneAndTheReasonSaysWhy() {
        ModelSpec colour = model("rgb", DType.FLOAT32, new long[]{3, 28, 28}, new long[]{2}, List.of("x", "y"));
        ModelSpec ints = model("ints", DType.INT64, new long[]{1, 28, 28}, new long[]{2}, List.of("x", "y"));
        ModelSpec unlabelled = model("raw", DType.FLOAT32, new long[]{1, 28, 28}, new long[]{2}, List.of());

        assertThat(ModelAlone.pipeline(colour)).isEmpty();
        assertThat(ModelAlone.unservable(colour)).contains("float32 [3, 28, 28]").contains("[1, H, W]");
        assertThat(ModelAlone.unservable(ints)).contains("int64");
        assertThat(ModelAlone.unservable(unlabelled)).contains("no labels");
    }

    @Test
    void theCatalogResolvesAPipelineFirstThenAModelOfTheRepositoryByTheSameName() {
        ModelRepository models = ModelRepository.loadMetadata(REPO.resolve("models"));
        PipelineCatalog catalog = PipelineCatalog.load(REPO.resolve("pipelines"), models);

        assertThat(catalog.findOrModel("digits").orElseThrow().branches()).hasSize(3);
        PipelineDefinition alone = catalog.findOrModel("digits-mlp").orElseThrow();
        assertThat(alone.branchNames()).containsExactly("digits-mlp");
        assertThat(alone.preprocess().params()).isEqualTo(Map.of("width", 28, "height", 28));
        assertThat(catalog.find("digits-mlp")).as("a model is no /v1 pipeline").isEmpty();
        assertThat(catalog.findOrModel("nothing")).isEmpty();
    }
}
