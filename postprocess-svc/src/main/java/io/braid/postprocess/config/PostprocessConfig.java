package io.braid.postprocess.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the postprocess service. */
@ConfigMapping(prefix = "braid.postprocess")
public interface PostprocessConfig {
    /** Tasks processed at the same time; beyond it the consumer waits. */
    @WithDefault("4")
    int concurrency();
}
