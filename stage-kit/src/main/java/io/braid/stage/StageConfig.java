package io.braid.stage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings shared by the task stages. */
@ConfigMapping(prefix = "braid.stage")
public interface StageConfig {
    /**
     * Largest value of one record a stage sends: items that continue together are split over several
     * records beyond it (a pre-processed tensor can be far larger than the image it came from). Below
     * the producers' {@code max.request.size} (1 MiB by default), leaving room for the headers.
     */
    @WithName("max-record-bytes")
    @WithDefault("900000")
    int maxRecordBytes();

    /**
     * The pool this process serves, named on its spans and log lines: an inference process sets its
     * inference pool; the CPU stages leave it unset and are named by their stage.
     */
    @WithName("pool")
    java.util.Optional<String> pool();
}
