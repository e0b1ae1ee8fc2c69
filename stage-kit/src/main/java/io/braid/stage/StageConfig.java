package io.braid.stage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings shared by the services that write task records. */
@ConfigMapping(prefix = "braid")
public interface StageConfig {
    /**
     * The one size limit of a Kafka record ({@code io.braid.common.wire.RecordLimits}): the producers'
     * {@code max.request.size} and the consumers' fetch sizes are set from it in each service's
     * {@code application.properties}, the topics' {@code max.message.bytes} by the devstack and the chart.
     * Items that continue together are split over several records so each value stays within it less
     * the header reserve; one item whose value alone is larger ends with {@code TOO_LARGE}.
     */
    @WithName("max-record-bytes")
    @WithDefault("8388608")
    int maxRecordBytes();

    /**
     * Most payload bytes a dead letter keeps: a larger record is cut, with its original size in
     * {@code braid-dlq-original-bytes}, so the dead-letter topic stays bounded by its record count.
     */
    @WithName("dead-letter-max-bytes")
    @WithDefault("65536")
    int deadLetterMaxBytes();

    /**
     * The pool this process serves, named on its spans and log lines: an inference process sets its
     * inference pool; the CPU stages leave it unset and are named by their stage.
     */
    @WithName("pool")
    java.util.Optional<String> pool();

    /**
     * Whether the stage reports each task it takes on {@code braid.progress} (the jobs' progress trees, ETAs
     * and live events are built from these marks). Off, a job's cells show only queued and joined.
     */
    @WithName("progress-marks")
    @WithDefault("true")
    boolean progressMarks();
}
