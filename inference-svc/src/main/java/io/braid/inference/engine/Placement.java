package io.braid.inference.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.braid.common.pipeline.ModelSpec;
import io.braid.inference.config.InferenceConfig.GpuFallback;
import org.jboss.logging.Logger;

import java.util.List;

/** Where models run and with how many threads; refuses settings that cannot work. */
final class Placement {
    private static final Logger LOG = Logger.getLogger(Placement.class);

    private Placement() {
    }

    /** The device for a model: a GPU when asked for and present; otherwise the CPU, or a refusal. */
    static Device device(ModelSpec spec, int gpus, GpuFallback fallback) {
        if (spec.device() != ModelSpec.Device.GPU) {
            return Device.cpu();
        }
        if (gpus > 0) {
            return Device.gpu();
        }
        String where = spec.directory().resolve("model.yaml") + ": device: gpu";
        if (fallback == GpuFallback.REFUSE) {
            throw new IllegalStateException(where + ": no GPU is visible to the PyTorch engine and "
                    + "braid.inference.gpu-fallback=refuse");
        }
        LOG.warnf("%s: no GPU is visible to the PyTorch engine; running on the CPU (braid.inference.gpu-fallback=cpu)",
                where);
        return Device.cpu();
    }

    /** GPUs the PyTorch engine sees. */
    static int gpuCount() {
        return Engine.getEngine("PyTorch").getGpuCount();
    }

    /**
     * Checks that the pool's parallelism can work on this machine: instances × threads over all
     * models must not exceed {@code maxPerCore} per core.
     */
    static void checkParallelism(List<ModelSpec> models, int threads, int cores, int maxPerCore) {
        int total = models.stream().mapToInt(m -> m.instances() * threads).sum();
        if (total > cores * maxPerCore) {
            StringBuilder detail = new StringBuilder();
            models.forEach(m -> detail.append(' ').append(m.name()).append('=').append(m.instances()).append('x')
                    .append(threads));
            throw new IllegalStateException("the pool's models ask for " + total + " busy threads (instances x threads:"
                    + detail + ") on " + cores + " cores; at most " + maxPerCore + " per core can help. Lower "
                    + "'instances' in model.yaml or braid.inference.intra-op-threads, or raise "
                    + "braid.inference.max-threads-per-core");
        }
    }
}
