package io.braid.preprocess.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The largest image accepted ({@code io.braid.common.image.ImageLimits}): the same settings the gateway checks at submit. */
@ConfigMapping(prefix = "braid.images")
public interface ImageConfig {
    @WithName("max-side")
    @WithDefault("8192")
    int maxSide();

    @WithName("max-pixels")
    @WithDefault("16777216")
    long maxPixels();
}
