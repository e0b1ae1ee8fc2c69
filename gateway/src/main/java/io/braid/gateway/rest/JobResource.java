package io.braid.gateway.rest;

import io.braid.common.pipeline.PipelineDefinition;
import io.braid.common.payload.PayloadKind;
import io.braid.common.wire.JobItem;
import io.braid.common.auth.Tenant;
import io.braid.gateway.auth.CurrentTenant;
import io.braid.gateway.config.GatewayConfig;
import io.braid.gateway.mapping.CancelRequested;
import io.braid.gateway.mapping.JobAccepted;
import io.braid.gateway.mapping.JobView;
import io.braid.gateway.mapping.PipelineList;
import io.braid.gateway.mapping.SubmitRequest;
import io.braid.gateway.openapi.ApiDocument;
import io.braid.gateway.payload.PayloadLimits;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Duration;
import java.util.List;

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

    private final CurrentTenant tenant;
    private final SubmitGate gate;

    @Inject
    public JobResource(PipelineRegistry pipelines, JobService jobs, GatewayConfig config, Admission admission,
                       CurrentTenant tenant, SubmitGate gate) {
        this.tenant = tenant;
        this.gate = gate;
        this.admission = admission;
        this.pipelines = pipelines;
        this.jobs = jobs;
        this.config = config;
    }

    @GET
    @Path("/pipelines")
    @Tag(name = ApiDocument.PIPELINES)
    @Operation(summary = "List the pipelines", description = "The pipelines the caller's tenant may submit to: "
            + "their branches (model and pool), join policy and reducer.")
    @APIResponse(responseCode = "200", description = "The pipelines",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PipelineList.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "500", ref = ApiDocument.SERVER_ERROR)
    public PipelineList listPipelines() {
        Tenant caller = tenant.get();
        return new PipelineList(pipelines.views().stream().filter(v -> caller.mayUse(v.name())).toList());
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
    @Tag(name = ApiDocument.JOBS)
    @Operation(summary = "Submit a job", description = "Accepts a job of inputs (images, texts, JSON "
            + "documents or tensors: the pipeline's input kind) for a pipeline: 202 with its "
            + "id and Location; with ?wait, 200 with the finished job if it finishes within the wait.")
    @APIResponse(responseCode = "200", description = "The job finished within ?wait",
            headers = @Header(name = ApiDocument.LOCATION, ref = ApiDocument.LOCATION),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "202", description = "The job was accepted (with an Idempotency-Key already used for "
            + "the same request: that job)",
            headers = @Header(name = ApiDocument.LOCATION, ref = ApiDocument.LOCATION),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobAccepted.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiDocument.TOO_LARGE)
    @APIResponse(responseCode = "429", ref = ApiDocument.TOO_MANY_REQUESTS)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    @APIResponse(responseCode = "500", ref = ApiDocument.SERVER_ERROR)
    public Uni<Response> submit(
            @Parameter(description = "the pipeline, as GET /v1/pipelines names it") @PathParam("pipeline") String name,
            @Parameter(description = "seconds to wait for the job to finish (capped by braid.gateway.max-wait); "
                    + "0 or absent: answer at once", schema = @Schema(type = SchemaType.NUMBER, minimum = "0"))
            @QueryParam("wait") Double waitSeconds,
            @Parameter(in = ParameterIn.HEADER, description = "1 to 200 characters: the same key and body answer the "
                    + "job the first request created, a different body 409", schema = @Schema(minLength = 1,
                    maxLength = 200)) @HeaderParam("Idempotency-Key") String idempotencyHeader,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SubmitRequest.class))) SubmitRequest request,
            UriInfo uri, io.vertx.core.http.HttpServerRequest http) {
        // RESTEasy passes an empty header as null: an empty key is refused below like a blank one, never ignored
        String idempotencyKey = idempotencyHeader == null && http.headers().contains("Idempotency-Key") ? ""
                : idempotencyHeader;
        PipelineDefinition pipeline = pipelines.find(name).orElseThrow(() -> ApiProblem.notFound(
                "pipeline '" + name + "' does not exist; GET /v1/pipelines lists them"));
        Tenant caller = tenant.get();
        gate.allow(caller, name);
        int priority = priority(request);
        gate.checkPriority(caller, priority);
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
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw ApiProblem.badRequest("Idempotency-Key must be 1 to 200 characters");
        }
        String scopedKey = JobService.scopedKey(caller.name(), idempotencyKey);
        String jobId = JobService.newJobId(scopedKey);
        Context context = Vertx.currentContext();
        int itemCount = request == null || request.inputs() == null ? 0 : request.inputs().size();
        return gate.admit(caller, itemCount, () -> Uni.createFrom().item(() -> decode(request, pipeline, jobId))
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .chain(items -> gate.enqueue(caller, name, jobId, items.size(), deadlineMs(request, pipeline),
                                () -> accept(name, caller.name(), pipeline, request, items, priority, wait,
                                        idempotencyKey, scopedKey, jobId))))
                .ifNoItem().after(wait.plus(ACCEPT_TIMEOUT)).failWith(() -> ApiProblem.unavailable(
                        "the job store or the broker did not answer in time", config.gateway().retryAfter()))
                .map(view -> respond(view, jobsUri))
                .emitOn(SubmitGate.on(context));
    }


    /**
     * The inputs, decoded and checked for the pipeline's input kind (images: base64, headers and sizes; text, JSON,
     * tensors: their bounds), the job's record size, and the request's join override checked.
     */
    private List<JobItem> decode(SubmitRequest request, PipelineDefinition pipeline, String jobId) {
        List<JobItem> items = InputDecoder.decode(request, pipeline.name(), PayloadKind.parse(pipeline.input()),
                config.gateway().maxItems(), PayloadLimits.of(config));
        gate.checkRecordSize(jobId, pipeline, items, request.join());
        if (request.join() != null) {
            try {
                request.join().applyTo(pipeline.join(), pipeline.branches().size());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest(e.getMessage());
            }
        }
        return items;
    }

    /** The job's deadline, relative: the request's, or the pipeline's, at most {@code braid.gateway.max-deadline}. */
    private long deadlineMs(SubmitRequest request, PipelineDefinition pipeline) {
        long asked = request == null || request.deadlineMs() == null ? pipeline.join().deadlineMs() : request.deadlineMs();
        return Math.min(asked, config.gateway().maxDeadline().toMillis());
    }

    private static int priority(SubmitRequest request) {
        return request == null || request.priority() == null ? 0 : request.priority();
    }

    /**
     * Stores and hands the job to Kafka; with an Idempotency-Key the key is claimed by the same script
     * that creates the job (whose id derives from the key): the same key and body answer the job it
     * created, a different body 409. A store or broker that fails is a 503 to retry, not a 500.
     */
    private Uni<JobView> accept(String name, String tenantName, PipelineDefinition pipeline, SubmitRequest request,
                                List<JobItem> items, int priority, Duration wait, String idempotencyKey, String scopedKey,
                                String jobId) {
        JobService.Idempotency idempotency = scopedKey == null ? null
                : new JobService.Idempotency(scopedKey, Fingerprint.of(name, request));
        return jobs.submitAndAwait(jobId, tenantName, pipeline, items, request.deadlineMs(), priority, request.join(),
                        idempotency, wait)
                .onFailure(e -> !(e instanceof ApiProblem)).transform(e -> ApiProblem.unavailable(
                        "the job could not be accepted (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                        config.gateway().retryAfter()))
                .map(submitted -> {
                    if (submitted.conflict()) {
                        throw new ApiProblem(409, "Conflict", "Idempotency-Key '" + idempotencyKey
                                + "' was used for a different request (job " + jobId + ")");
                    }
                    return submitted.view();
                });
    }

    /**
     * Cancels a job that is still queued or running: its remaining work is skipped at every stage
     * and it ends CANCELLED. A finished job does not change; the answer says so with 409.
     */
    @DELETE
    @Path("/jobs/{jobId}")
    @Tag(name = ApiDocument.JOBS)
    @Operation(summary = "Cancel a job", description = "Skips the job's remaining work at every stage; it ends "
            + "CANCELLED. Waits up to 5 s for the dispatcher's confirmation.")
    @APIResponse(responseCode = "200", description = "The job ended (CANCELLED, or finished otherwise meanwhile)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "202", description = "The cancellation was requested and is not confirmed yet",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CancelRequested.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    @APIResponse(responseCode = "500", ref = ApiDocument.SERVER_ERROR)
    public Uni<Response> cancel(@Parameter(description = "the job's id") @PathParam("jobId") String jobId, UriInfo uri) {
        Context context = Vertx.currentContext();
        String caller = tenant.get().name();
        return jobs.find(jobId, caller).chain(v -> {
            if (v == null) {
                throw ApiProblem.notFound("job '" + jobId + "' does not exist (or its retention has passed)");
            }
            if (JobService.terminal(v)) {
                throw new ApiProblem(409, "Conflict", "job '" + jobId + "' already finished " + v.status()
                        + "; nothing was cancelled");
            }
            return jobs.cancel(jobId).chain(() -> jobs.await(jobId, caller, CANCEL_WAIT));
        }).map(v -> JobService.terminal(v) ? Response.ok(v).build()
                : Response.accepted(new CancelRequested(jobId, v.status(), true)).build())
                .emitOn(SubmitGate.on(context));
    }

    @GET
    @Path("/jobs/{jobId}")
    @Tag(name = ApiDocument.JOBS)
    @Operation(summary = "Read a job", description = "Its status, progress (while running: the tree and ETA), "
            + "timings and, once finished, its result.")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    @APIResponse(responseCode = "500", ref = ApiDocument.SERVER_ERROR)
    public Uni<JobView> get(@Parameter(description = "the job's id") @PathParam("jobId") String jobId) {
        Context context = Vertx.currentContext();
        return jobs.find(jobId, tenant.get().name()).map(v -> {
            if (v == null) {
                throw ApiProblem.notFound("job '" + jobId + "' does not exist (or its retention has passed)");
            }
            return v;
        }).emitOn(SubmitGate.on(context));
    }

    /** The answer to a submit; {@code jobs} is the base URI of job resources, taken while the request was current. */
    private static Response respond(JobView view, URI jobs) {
        URI location = URI.create(jobs + view.jobId());
        if (JobService.terminal(view)) {
            return Response.ok(view).location(location).build();
        }
        return Response.accepted(new JobAccepted(view.jobId(), view.status(), view.traceId())).location(location).build();
    }
}
