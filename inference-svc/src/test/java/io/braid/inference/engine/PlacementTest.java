package io.braid.inference.engine;

import ai.djl.Device;
import io.braid.common.pipeline.ModelSpec;
import io.braid.common.tensor.DType;
import io.braid.inference.config.InferenceConfig.GpuFallback;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlacementTest {
    private static ModelSpec model(String name, ModelSpec.Device device, int instances) {
        return new ModelSpec(name, "PyTorch", "model.pt", Path.of("models", name), "pool", device,
                new ModelSpec.TensorSpec(DType.FLOAT32, new long[]{1}), null, List.of(),
                new ModelSpec.Batching(8, 1, List.of(), 64, 1, 1000), instances, 1);
    }

    @Test
    void aGpuModelRunsOnTheGpuWhenOneIsVisible() {
        assertThat(Placement.device(model("m", ModelSpec.Device.GPU, 1), 1, GpuFallback.REFUSE)).isEqualTo(Device.gpu());
    }

    @Test
    void withoutAGpuAGpuModelFallsBackToTheCpuOrRefusesPerTheSetting() {
        assertThat(Placement.device(model("m", ModelSpec.Device.GPU, 1), 0, GpuFallback.CPU)).isEqualTo(Device.cpu());
        assertThatThrownBy(() -> Placement.device(model("m", ModelSpec.Device.GPU, 1), 0, GpuFallback.REFUSE))
                .hasMessageContaining("model.yaml: device: gpu").hasMessageContaining("gpu-fallback=refuse");
    }

    @Test
    void moreBusyThreadsThanTheCoresCanUseAreRefusedWithTheModelsNamed() {
        Placement.checkParallelism(List.of(model("a", ModelSpec.Device.CPU, 2), model("b", ModelSpec.Device.CPU, 2)), 1, 2, 2);
        assertThatThrownBy(() -> Placement.checkParallelism(List.of(model("a", ModelSpec.Device.CPU, 4),
                model("b", ModelSpec.Device.CPU, 2)), 2, 2, 2))
                .hasMessageContaining("12 busy threads").hasMessageContaining("a=4x2").hasMessageContaining("on 2 cores");
    }
}
