package io.braid.preprocess.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the preprocess service. */
@ConfigMapping(prefix = "braid.preprocess")
public interface PreprocessConfig {
    /** Tasks decoded at the same time; beyond it the consumer waits. */
    @WithDefault("4")
    int concurrency();
}
