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

    interface Inference {
        /** The pool this process serves; it loads only the models that name it and reads {@code braid.inference.<pool>}. */
        String pool();

        /**
         * Intra-op threads of the PyTorch engine. One per instance is fastest on small CPUs: more
         * threads than cores makes the instances fight over them.
         */
        @WithName("intra-op-threads")
        @WithDefault("1")
        int intraOpThreads();

        /** Tasks held in flight by the consumer (queued or running) before it stops polling. */
        @WithName("max-in-flight")
        @WithDefault("2048")
        int maxInFlight();
    }
}
