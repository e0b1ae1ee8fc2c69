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
     * Most payload bytes a dead letter keeps: a larger record is cut, with its original size in
     * {@code braid-dlq-original-bytes}, so the dead-letter topic stays bounded by its record count.
     */
    @WithName("dead-letter-max-bytes")
    @WithDefault("65536")
    int deadLetterMaxBytes();
}
