package io.braid.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings of one inference pool process. */
@ConfigMapping(prefix = "braid")
public interface InferenceConfig {
    /** The model repository: one folder per model with its {@code model.yaml}. */
    @WithName("models-dir")
    @WithDefault("models")
    String modelsDir();

    /** Inference settings. */
    Inference inference();

    /** Behaviour of a GPU model without a GPU. */
    enum GpuFallback {
        /** Run it on the CPU and log a warning. */
        CPU,
        /** Fail the start of the pool. */
        REFUSE
    }

    interface Inference {
        /** The pool this process serves; it loads only the models that name it and reads {@code braid.inference.<pool>}. */
        String pool();

        /**
         * Intra-op threads of the PyTorch engine (process-wide in PyTorch). When unset, the largest
         * {@code threads} of the pool's models, which defaults to 1: on small CPUs one thread per
         * instance is fastest, since instances × threads above the cores makes them fight over cores.
         */
        @WithName("intra-op-threads")
        java.util.Optional<Integer> intraOpThreads();

        /** What a model that asks for {@code device: gpu} does on a machine without one. */
        @WithName("gpu-fallback")
        @WithDefault("cpu")
        GpuFallback gpuFallback();

        /**
         * Refuse to start when the pool's instances × threads exceed this many per core: such
         * settings only add contention, never throughput.
         */
        @WithName("max-threads-per-core")
        @WithDefault("2")
        int maxThreadsPerCore();

        /**
         * How often this process writes its models' statistics into Redis, from which the gateway answers
         * {@code GET /v1/pools}; zero turns them off.
         */
        @WithName("stats-interval")
        @WithDefault("PT2S")
        java.time.Duration statsInterval();

        /** Where the API keys of http models are, one file per Secret (named after it), as Kubernetes mounts them. */
        @WithName("secrets-dir")
        @WithDefault("/var/run/secrets/braid")
        String secretsDir();

        /** Tasks held in flight by the consumer (queued or running) before it stops polling. */
        @WithName("max-in-flight")
        @WithDefault("2048")
        int maxInFlight();
    }
}
