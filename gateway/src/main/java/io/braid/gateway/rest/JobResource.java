package io.braid.gateway.rest;

import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.wire.JobItem;
import io.braid.gateway.config.GatewayConfig;
import io.braid.gateway.mapping.JobView;
import io.braid.gateway.mapping.PipelineView;
import io.braid.gateway.mapping.SubmitRequest;
import io.braid.gateway.service.InputDecoder;
import io.braid.gateway.service.JobService;
import io.braid.gateway.service.PipelineRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The public REST API: submit jobs, read them, list pipelines. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    private final PipelineRegistry pipelines;
    private final JobService jobs;
    private final GatewayConfig config;
    private final Admission admission;
    /** How long DELETE waits for the dispatcher to confirm the cancellation. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);
    /** The most a submit waits for Redis and the broker's ack, beyond the client's own {@code ?wait}. */
    private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    public JobResource(PipelineRegistry pipelines, JobService jobs, GatewayConfig config, Admission admission) {
        this.admission = admission;
        this.pipelines = pipelines;
        this.jobs = jobs;
        this.config = config;
    }

    @GET
    @Path("/pipelines")
    public Map<String, List<PipelineView>> listPipelines() {
        return Map.of("pipelines", pipelines.views());
    }

    /**
     * Accepts a job: 202 with its id and a Location header; with {@code ?wait=<seconds>}, 200 with
     * the finished job if it finishes in time. Runs on the request's event loop and holds no thread
     * while it waits: decoding the inputs runs on a worker, Redis, the broker's ack and the wait are
     * callbacks, and the answer is emitted back on the request's own Vert.x context, after this method
     * returned (a Uni completed on another thread raced RESTEasy's request-scope hand-over and answered
     * 500 ContextNotActiveException). At most {@code braid.gateway.max-in-flight} submits are held at
     * once; beyond, 503 with Retry-After before any work.
     */
    @POST
    @Path("/pipelines/{pipeline}/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(@PathParam("pipeline") String name, @QueryParam("wait") Double waitSeconds,
                                @HeaderParam("Idempotency-Key") String idempotencyKey, SubmitRequest request,
                                UriInfo uri) {
        PipelineDefinition pipeline = pipelines.find(name).orElseThrow(() -> ApiProblem.notFound(
                "pipeline '" + name + "' does not exist; GET /v1/pipelines lists them"));
        if (request != null && request.deadlineMs() != null && request.deadlineMs() <= 0) {
            throw ApiProblem.badRequest("deadlineMs must be positive, got " + request.deadlineMs());
        }
        if (waitSeconds != null && (waitSeconds < 0 || waitSeconds.isNaN())) {
            throw ApiProblem.badRequest("wait must be a non-negative number of seconds, got " + waitSeconds);
        }
        // the answer is built after this method returned: resolve the URI now
        URI jobsUri = uri.getBaseUriBuilder().path("v1/jobs/").build();
        Duration wait = waitSeconds == null ? Duration.ZERO : Duration.ofMillis(Math.min(
                (long) (waitSeconds * 1000), config.gateway().maxWait().toMillis()));
        String jobId = JobService.newJobId();
        Context context = Vertx.currentContext();
        return admission.admit(() -> Uni.createFrom().item(() -> decode(request, pipeline))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .chain(items -> accept(name, pipeline, request, items, priority(request), wait, idempotencyKey,
                                jobId)))
                .ifNoItem().after(wait.plus(ACCEPT_TIMEOUT)).failWith(() -> ApiProblem.unavailable(
                        "the job store or the broker did not answer in time", config.gateway().retryAfter()))
                .map(view -> respond(view, jobsUri))
                .emitOn(on(context));
    }

    /** Emits on the request's own Vert.x context (its event loop), after the resource method returned. */
    private static java.util.concurrent.Executor on(Context context) {
        return context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
    }

    /** The inputs, decoded and checked (base64, image headers, sizes), and the request's join override checked. */
    private List<JobItem> decode(SubmitRequest request, PipelineDefinition pipeline) {
        List<JobItem> items = InputDecoder.decode(request, config.gateway().maxItems());
        if (request.join() != null) {
            try {
                request.join().applyTo(pipeline.join(), pipeline.branches().size());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest(e.getMessage());
            }
        }
        return items;
    }

    private static int priority(SubmitRequest request) {
        return request == null || request.priority() == null ? 0 : request.priority();
    }

    private Uni<JobView> accept(String name, PipelineDefinition pipeline, SubmitRequest request, List<JobItem> items,
                                int priority, Duration wait, String idempotencyKey, String jobId) {
        if (idempotencyKey == null) {
            return enqueue(jobId, pipeline, items, request, priority, wait);
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw ApiProblem.badRequest("Idempotency-Key must be 1 to 200 characters");
        }
        String fingerprint = Fingerprint.of(name, request);
        return jobs.claimIdempotencyKey(idempotencyKey, fingerprint, jobId).chain(replay -> {
            if (replay.isNew()) {
                return enqueue(jobId, pipeline, items, request, priority, wait);
            }
            if (!replay.sameRequest()) {
                throw new ApiProblem(409, "Conflict", "Idempotency-Key '" + idempotencyKey
                        + "' was used for a different request (job " + replay.jobId() + ")");
            }
            return read(replay.jobId(), wait);
        });
    }

    /** Stores and hands the job to Kafka; a store or broker that fails is a 503 to retry, not a 500. */
    private Uni<JobView> enqueue(String jobId, PipelineDefinition pipeline, List<JobItem> items, SubmitRequest request,
                                 int priority, Duration wait) {
        return jobs.submitAndAwait(jobId, pipeline, items, request.deadlineMs(), priority, request.join(), wait)
                .onFailure(e -> !(e instanceof ApiProblem)).transform(e -> ApiProblem.unavailable(
                        "the job could not be accepted (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                        config.gateway().retryAfter()));
    }

    private Uni<JobView> read(String jobId, Duration wait) {
        Uni<JobView> view = wait.isZero() ? jobs.find(jobId) : jobs.await(jobId, wait);
        return view.map(v -> v != null ? v : new JobView(jobId, null, "QUEUED", null, null, null, null, null));
    }

    /**
     * Cancels a job that is still queued or running: its remaining work is skipped at every stage
     * and it ends CANCELLED. A finished job does not change; the answer says so with 409.
     */
    @DELETE
    @Path("/jobs/{jobId}")
    public Uni<Response> cancel(@PathParam("jobId") String jobId, UriInfo uri) {
        Context context = Vertx.currentContext();
        return jobs.find(jobId).chain(v -> {
            if (v == null) {
                throw ApiProblem.notFound("job '" + jobId + "' does not exist (or its retention has passed)");
            }
            if (JobService.terminal(v)) {
                throw new ApiProblem(409, "Conflict", "job '" + jobId + "' already finished " + v.status()
                        + "; nothing was cancelled");
            }
            return jobs.cancel(jobId).chain(() -> jobs.await(jobId, CANCEL_WAIT));
        }).map(v -> JobService.terminal(v) ? Response.ok(v).build()
                : Response.accepted(Map.of("jobId", jobId, "status", v.status(), "cancelRequested", true)).build())
                .emitOn(on(context));
    }

    @GET
    @Path("/jobs/{jobId}")
    public Uni<JobView> get(@PathParam("jobId") String jobId) {
        Context context = Vertx.currentContext();
        return jobs.find(jobId).map(v -> {
            if (v == null) {
                throw ApiProblem.notFound("job '" + jobId + "' does not exist (or its retention has passed)");
            }
            return v;
        }).emitOn(on(context));
    }

    /** The answer to a submit; {@code jobs} is the base URI of job resources, taken while the request was current. */
    private static Response respond(JobView view, URI jobs) {
        URI location = URI.create(jobs + view.jobId());
        if (JobService.terminal(view)) {
            return Response.ok(view).location(location).build();
        }
        Map<String, String> accepted = new java.util.LinkedHashMap<>();
        accepted.put("jobId", view.jobId());
        accepted.put("status", view.status());
        if (view.traceId() != null) {
            accepted.put("traceId", view.traceId());
        }
        return Response.accepted(accepted).location(location).build();
    }
}
