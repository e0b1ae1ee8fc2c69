package io.braid.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Settings of the gateway. */
@ConfigMapping(prefix = "braid")
public interface GatewayConfig {
    /** The model repository (to list each branch's model and pool). */
    @WithName("models-dir")
    @WithDefault("models")
    String modelsDir();

    /** The folder of pipeline definitions the gateway accepts jobs for. */
    @WithName("pipelines-dir")
    @WithDefault("pipelines")
    String pipelinesDir();

    /**
     * The one size limit of a Kafka record (see {@code io.braid.common.wire.RecordLimits}): a job whose
     * record would be larger gets 413 at submit, and the request body limit is derived from it.
     */
    @WithName("max-record-bytes")
    @WithDefault("8388608")
    int maxRecordBytes();

    /** The largest image accepted, read from each image's header at submit. */
    Images images();

    /** Gateway settings. */
    Gateway gateway();

    interface Images {
        /** Most pixels on either side. */
        @WithName("max-side")
        @WithDefault("8192")
        int maxSide();

        /** Most pixels in all. */
        @WithName("max-pixels")
        @WithDefault("16777216")
        long maxPixels();
    }

    interface Gateway {
        /** Most input items in one job. */
        @WithName("max-items")
        @WithDefault("1000")
        int maxItems();

        /** Cap on any job's deadline, whatever the request or pipeline asks. */
        @WithName("max-deadline")
        @WithDefault("PT5M")
        Duration maxDeadline();

        /** Longest {@code ?wait=} a submit may block for. */
        @WithName("max-wait")
        @WithDefault("PT60S")
        Duration maxWait();

        /**
         * Most submits the gateway holds at once, from accept until the answer (a {@code ?wait=} included).
         * Beyond it a submit gets 503 with {@code Retry-After}. Waiting submits hold neither a thread nor a
         * pooled Redis connection, but each may read Redis once when its job ends, so this must not exceed
         * {@code quarkus.redis.max-pool-waiting} (checked at start-up).
         */
        @WithName("max-in-flight")
        @WithDefault("2048")
        int maxInFlight();

        /** The {@code Retry-After} of a 503 (at least one second is sent). */
        @WithName("retry-after")
        @WithDefault("PT1S")
        Duration retryAfter();

        /** How long an Idempotency-Key keeps pointing at the job it created. */
        @WithName("idempotency-retention")
        @WithDefault("PT24H")
        Duration idempotencyRetention();

    }
}
