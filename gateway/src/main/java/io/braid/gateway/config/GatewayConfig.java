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

        /**
         * How long after its deadline a job that never reached a terminal status (no dispatcher finished
         * it) stays in Redis before it expires; a finished job expires after the dispatcher's retention.
         */
        @WithName("unfinished-retention")
        @WithDefault("PT24H")
        Duration unfinishedRetention();
    }
}
