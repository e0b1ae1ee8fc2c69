package io.braid.preprocess.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings of the preprocess service. */
@ConfigMapping(prefix = "braid.preprocess")
public interface PreprocessConfig {
    /** Tasks decoded at the same time; beyond it the consumer waits. */
    @WithDefault("4")
    int concurrency();

    /**
     * Pixels one task may hold decoded at once (its items wait for each other beyond it); an image
     * above it is refused with {@code TOO_LARGE}. Heap for decoding ≈ concurrency × budget × up to
     * 12 bytes per pixel (raster + float luminance).
     */
    @WithName("pixel-budget")
    @WithDefault("16777216")
    long pixelBudget();
}
