package io.braid.gateway.rest;

import io.braid.common.auth.Tenant;
import io.braid.common.pipeline.JoinOverride;
import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.JobCodec;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.common.wire.RecordLimits;
import io.braid.gateway.config.GatewayConfig;
import io.braid.gateway.quota.InFlight;
import io.braid.gateway.quota.Quotas;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The checks every way of submitting a job passes ({@code /v1} jobs and {@code /v2} infer alike): the tenant's
 * pipeline allow-list (403), its priority ceiling (400), the gateway's in-flight limit (503) and the tenant's
 * quotas (429), the size of the job's record (413), and the work in flight of its pipeline (503) and tenant (429).
 */
@ApplicationScoped
public class SubmitGate {
    private final Admission admission;
    private final Quotas quotas;
    private final GatewayConfig config;
    private final InFlight inFlight;

    @Inject
    public SubmitGate(Admission admission, Quotas quotas, GatewayConfig config, InFlight inFlight) {
        this.admission = admission;
        this.quotas = quotas;
        this.config = config;
        this.inFlight = inFlight;
    }

    /** 403 unless {@code caller} may use the pipeline (or model served alone) {@code name}. */
    public void allow(Tenant caller, String name) {
        if (!caller.mayUse(name)) {
            throw new ApiProblem(403, "Forbidden", "tenant '" + caller.name() + "' may not use pipeline '" + name + "'");
        }
    }

    /** 400 unless {@code priority} is between 0 and the caller's ceiling. */
    public void checkPriority(Tenant caller, long priority) {
        if (priority < 0 || priority > caller.maxPriority()) {
            throw ApiProblem.badRequest("priority must be 0 to " + caller.maxPriority() + " (the ceiling of tenant '"
                    + caller.name() + "'), got " + priority);
        }
    }

    /**
     * Runs {@code work} holding a place of the in-flight limit (503 when none is free) once the caller's quota
     * granted {@code items} items (429 when over; 503 when the quota store does not answer).
     */
    public <T> Uni<T> admit(Tenant caller, int items, Supplier<Uni<T>> work) {
        return admission.admit(() -> quotas.take(caller, items)
                .onFailure(e -> !(e instanceof ApiProblem)).transform(e -> ApiProblem.unavailable(
                        "the quota store did not answer (" + e.getMessage() + ")", config.gateway().retryAfter()))
                .chain(quota -> work.get()));
    }

    /**
     * Admits job {@code jobId}'s {@code items} items into its pipeline's and tenant's work in flight (503 / 429
     * when over, see {@link InFlight}), then runs {@code enqueue}; a failed enqueue releases them at once.
     */
    public <T> Uni<T> enqueue(Tenant caller, String pipeline, String jobId, int items, long deadlineMs,
                              Supplier<Uni<T>> enqueue) {
        return inFlight.admit(caller, pipeline, jobId, items, deadlineMs)
                .chain(() -> enqueue.get().onFailure().call(() -> inFlight.release(caller.name(), pipeline, jobId, items)
                        .onFailure().recoverWithNull()));
    }

    /** 413 when the job's record would be larger than a Kafka record may be. */
    public void checkRecordSize(String jobId, PipelineDefinition pipeline, List<JobItem> items, JoinOverride join) {
        long bytes = JobCodec.encodedSize(new JobRequest(jobId, pipeline.name(), items, 0, 0, 0, join));
        int maxValue = RecordLimits.maxValueBytes(config.maxRecordBytes());
        if (bytes > maxValue) {
            throw ApiProblem.tooLarge("the job's " + items.size() + " inputs make a record of " + bytes
                    + " bytes; a job may be at most " + maxValue + " bytes (" + RecordLimits.SETTING + "="
                    + config.maxRecordBytes() + " less " + RecordLimits.HEADER_RESERVE
                    + " for headers): send fewer or smaller inputs per job");
        }
    }

    /**
     * Emits on the request's own Vert.x context (its event loop), after the resource method returned: a Uni
     * completed on another thread raced RESTEasy's request-scope hand-over and answered 500.
     */
    public static Executor on(Context context) {
        return context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
    }
}
