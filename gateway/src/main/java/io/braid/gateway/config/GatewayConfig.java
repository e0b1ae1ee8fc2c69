package io.braid.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;

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

        /**
         * How long after its deadline a job that never reached a terminal status (no dispatcher finished
         * it) stays in Redis before it expires; a finished job expires after the dispatcher's retention.
         */
        @WithName("unfinished-retention")
        @WithDefault("PT24H")
        Duration unfinishedRetention();

        /**
         * Most jobs a tenant's list of recent jobs ({@code GET /v1/jobs}) keeps; older ones leave it (and it
         * keeps none older than {@link #unfinishedRetention}). The jobs themselves are not touched.
         */
        @WithName("recent-jobs")
        @WithDefault("1000")
        int recentJobs();

        /** Bounds of the text, JSON and tensor inputs of a job (images: {@code braid.images}). */
        Inputs inputs();

        /** Who may call the API. */
        Auth auth();

        /** The jobs' live events ({@code GET /v1/jobs/{id}/events}). */
        Events events();

        /** Admission control: the work a tenant and a pipeline may have in flight. */
        AdmissionBounds admission();
    }

    /** Bounds of one input of each payload kind (docs/architecture.md, Inputs); beyond one, 400 naming the input. */
    interface Inputs {
        /** Most UTF-8 bytes of one {@code text} input. */
        @WithName("max-text-bytes")
        @WithDefault("1048576")
        int maxTextBytes();

        /** Most bytes of one {@code json} input, serialised compactly. */
        @WithName("max-json-bytes")
        @WithDefault("1048576")
        int maxJsonBytes();

        /** Most elements of one {@code tensor} input. */
        @WithName("max-tensor-elements")
        @WithDefault("16777216")
        long maxTensorElements();
    }

    /** How the events stream of a job is served. */
    interface Events {
        /** How often a job's events stream is read for new entries (at once when the job is announced finished). */
        @WithName("poll-interval")
        @WithDefault("PT0.5S")
        Duration pollInterval();

        /** How often a {@code progress} event (with the ETA) is sent while the job runs. */
        @WithName("progress-interval")
        @WithDefault("PT1S")
        Duration progressInterval();
    }

    /** Per pipeline: refuse work that cannot be served in time (docs/architecture.md, Admission control). */
    interface AdmissionBounds {
        /**
         * Whether a job is refused (503) when the items already in flight on its pipeline, at the rate the
         * dispatchers observe items finishing, would keep it from meeting its deadline.
         */
        @WithName("deadline-check")
        @WithDefault("true")
        boolean deadlineCheck();

        /** Most items in flight on one pipeline (all tenants); 0: no bound. Beyond it a submit gets 503. */
        @WithName("max-pipeline-items")
        @WithDefault("20000")
        int maxPipelineItems();

        /** How long past its deadline a job's items count as in flight if nobody reported it finished. */
        @WithName("grace")
        @WithDefault("PT10S")
        Duration grace();
    }

    /** API keys and tenants (docs/architecture.md, Tenants and API keys). */
    interface Auth {
        /**
         * Whether every {@code /v1} and {@code /v2} call needs {@code Authorization: Bearer <key>}. Off, every
         * caller is the tenant {@code default} (all pipelines, no quota) and the gateway logs a warning: for
         * local experiments only.
         */
        @WithDefault("true")
        boolean enabled();

        /** The tenants file (YAML, key hashes only; mounted from a Secret in Kubernetes). */
        @WithName("tenants-file")
        Optional<String> tenantsFile();

        /** How often the tenants file is checked for changes (a changed file is reloaded without a restart). */
        @WithName("reload-interval")
        @WithDefault("PT5S")
        Duration reloadInterval();

    }
}
