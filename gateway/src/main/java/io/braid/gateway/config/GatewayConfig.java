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

    /** Gateway settings. */
    Gateway gateway();

    interface Gateway {
        /** Largest request body accepted; larger ones get 413. */
        @WithName("max-request-bytes")
        @WithDefault("16777216")
        long maxRequestBytes();

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

        /** How long an Idempotency-Key keeps pointing at the job it created. */
        @WithName("idempotency-retention")
        @WithDefault("PT24H")
        Duration idempotencyRetention();

    }
}
