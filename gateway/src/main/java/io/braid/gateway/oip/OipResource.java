package io.braid.gateway.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.braid.common.auth.Tenant;
import io.braid.common.image.ImageLimits;
import io.braid.common.payload.PayloadKind;
import io.braid.gateway.payload.PayloadLimits;
import io.braid.gateway.auth.CurrentTenant;
import io.braid.gateway.config.GatewayConfig;
import io.braid.gateway.rest.ApiProblem;
import io.braid.gateway.rest.SubmitGate;
import io.braid.gateway.service.JobService;
import io.braid.gateway.service.PipelineRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.braid.gateway.openapi.ApiDocument;
import io.braid.gateway.rest.Problem;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol v2 REST API (KServe / Triton), so their clients work unchanged: health, server and
 * model metadata, readiness, and inference on a pipeline or on a model served alone. Inference is a job like any
 * {@code /v1} submit (same auth, allow-list, priority ceiling, quotas, in-flight limit, record size, Kafka and
 * stages), awaited until it ends. Errors are problem+json documents that also carry the protocol's {@code error}.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocument.INFERENCE)
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
@APIResponse(responseCode = "500", ref = ApiDocument.SERVER_ERROR)
public class OipResource {
    /** How long the gateway waits past a job's deadline for the dispatcher to report it ended. */
    static final Duration DEADLINE_GRACE = Duration.ofSeconds(2);
    private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(2);

    private final PipelineRegistry registry;
    private final JobService jobs;
    private final GatewayConfig config;
    private final CurrentTenant tenant;
    private final SubmitGate gate;
    private final ObjectMapper json;
    private final ReactiveRedisDataSource redis;
    private final HealthCenter messaging;
    private final String version;

    @Inject
    public OipResource(PipelineRegistry registry, JobService jobs, GatewayConfig config, CurrentTenant tenant,
                       SubmitGate gate, ObjectMapper json, ReactiveRedisDataSource redis, HealthCenter messaging,
                       @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.registry = registry;
        this.jobs = jobs;
        this.config = config;
        this.tenant = tenant;
        this.gate = gate;
        this.json = json;
        this.redis = redis;
        this.messaging = messaging;
        this.version = version;
    }

    /** Server metadata. */
    @Operation(summary = "Server metadata", description = "name, version and the protocol extensions supported")
    @APIResponse(responseCode = "200", description = "name, version, extensions", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @GET
    public Map<String, Object> server() {
        return Map.of("name", "braid", "version", version, "extensions", List.of("binary_tensor_data", "parameters"));
    }

    /** Live: the gateway answers. */
    @Operation(summary = "Server live", description = "The gateway answers")
    @APIResponse(responseCode = "200", description = "{live: true}", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @GET
    @Path("/health/live")
    public Map<String, Object> live() {
        return Map.of("live", true);
    }

    /** Ready: the gateway can take work (its job store answers and its Kafka channels are up); 503 otherwise. */
    @Operation(summary = "Server ready", description = "The gateway can take work: its job store answers and its "
            + "Kafka channels are up; 503 otherwise")
    @APIResponse(responseCode = "200", description = "{ready: true}", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    @GET
    @Path("/health/ready")
    public Uni<Map<String, Object>> ready() {
        Context context = Vertx.currentContext();
        return readiness().map(why -> {
            if (why != null) {
                throw ApiProblem.unavailable("the gateway is not ready: " + why, config.gateway().retryAfter());
            }
            return Map.<String, Object>of("ready", true);
        }).emitOn(SubmitGate.on(context));
    }

    @Operation(summary = "Model metadata", description = "A pipeline, or a model served alone (a single-branch "
            + "pipeline named after it): platform, versions, inputs and outputs as tensors")
    @APIResponse(responseCode = "200", description = "name, versions, platform, inputs, outputs", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @GET
    @Path("/models/{name}")
    public Map<String, Object> model(@PathParam("name") String name) {
        return visible(name, null).metadata();
    }

    @Operation(summary = "Model metadata of a version", description = "As the model's metadata; its only version is 1")
    @APIResponse(responseCode = "200", description = "name, versions, platform, inputs, outputs", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @GET
    @Path("/models/{name}/versions/{version}")
    public Map<String, Object> modelVersion(@PathParam("name") String name, @PathParam("version") String version) {
        return visible(name, version).metadata();
    }

    /** A model is ready when it is known to this gateway and the gateway is ready (see docs/architecture.md). */
    @Operation(summary = "Model ready", description = "The model is known to this gateway and the gateway is ready")
    @APIResponse(responseCode = "200", description = "{name, ready: true}", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    @GET
    @Path("/models/{name}/ready")
    public Uni<Map<String, Object>> modelReady(@PathParam("name") String name) {
        return modelReady(name, null);
    }

    @Operation(summary = "Model version ready", description = "As the model's readiness; its only version is 1")
    @APIResponse(responseCode = "200", description = "{name, ready: true}", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    @GET
    @Path("/models/{name}/versions/{version}/ready")
    public Uni<Map<String, Object>> modelReady(@PathParam("name") String name, @PathParam("version") String version) {
        OipModel model = visible(name, version);
        Context context = Vertx.currentContext();
        return readiness().map(why -> {
            if (why != null) {
                throw ApiProblem.unavailable("model '" + model.name() + "' is not ready: " + why,
                        config.gateway().retryAfter());
            }
            return Map.<String, Object>of("name", model.name(), "ready", true);
        }).emitOn(SubmitGate.on(context));
    }

    @Operation(summary = "Infer", description = "Runs the request as a job of the pipeline (or model served alone) "
            + "under the same key, allow-list, quotas, admission and priority ceiling as /v1, and answers its outputs")
    @RequestBody(description = "An inference request: inputs as tensors (image pipelines: BYTES encoded images, or "
            + "UINT8 or FP32 pixels of shape [N,H,W] or [N,1,H,W]; text pipelines: BYTES 'text', one text per element; "
            + "tensor pipelines: each input one item, FP32, FP64, INT32, INT64 or UINT8; json pipelines: use /v1), "
            + "data as JSON or, with Inference-Header-Content-Length, as binary after the JSON header; parameters timeout (microseconds: the job's deadline) and priority",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
                    @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                            schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "200", description = "The outputs: the reduced output as tensors (label, probabilities)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "413", ref = ApiDocument.TOO_LARGE)
    @APIResponse(responseCode = "429", ref = ApiDocument.TOO_MANY_REQUESTS)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    @APIResponse(responseCode = "504", description = "The job's deadline (parameter timeout) passed before it finished",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Path("/models/{name}/infer")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> infer(@PathParam("name") String name,
                               @Parameter(description = "length of the JSON header when binary tensor data follows it")
                               @HeaderParam(InferRequest.HEADER_LENGTH) String headerLength, byte[] body) {
        return infer(name, null, headerLength, body);
    }

    /**
     * Runs one inference request as a job and answers its outputs. {@code parameters.timeout} (microseconds, as
     * Triton counts) is the job's deadline, the pipeline's default when absent; {@code parameters.priority} its
     * priority (Braid's scale: higher runs first, 0 to the tenant's ceiling). The answer waits for the job, at most
     * until its deadline (plus a grace) or {@code braid.gateway.max-wait}.
     */
    @Operation(summary = "Infer on a version", description = "As infer; the only version is 1")
    @RequestBody(description = "An inference request: inputs as tensors (image pipelines: BYTES encoded images, or "
            + "UINT8 or FP32 pixels of shape [N,H,W] or [N,1,H,W]; text pipelines: BYTES 'text', one text per element; "
            + "tensor pipelines: each input one item, FP32, FP64, INT32, INT64 or UINT8; json pipelines: use /v1), "
            + "data as JSON or, with Inference-Header-Content-Length, as binary after the JSON header; parameters timeout (microseconds: the job's deadline) and priority",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
                    @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                            schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "200", description = "The outputs: the reduced output as tensors (label, probabilities)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "403", ref = ApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "413", ref = ApiDocument.TOO_LARGE)
    @APIResponse(responseCode = "429", ref = ApiDocument.TOO_MANY_REQUESTS)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    @APIResponse(responseCode = "504", description = "The job's deadline (parameter timeout) passed before it finished",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Path("/models/{name}/versions/{version}/infer")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> infer(@PathParam("name") String name, @PathParam("version") String version,
                               @HeaderParam(InferRequest.HEADER_LENGTH) String headerLength, byte[] body) {
        OipModel model = visible(name, version);
        Tenant caller = tenant.get();
        Context context = Vertx.currentContext();
        int maxItems = config.gateway().maxItems();
        ImageLimits limits = PayloadLimits.of(config).images();
        String jobId = JobService.newJobId(null);
        PayloadKind kind = PayloadKind.parse(model.pipeline().input());
        PayloadLimits payloads = PayloadLimits.of(config);
        return Uni.createFrom().item(() -> InferRequest.parse(json, body == null ? new byte[0] : body, headerLength,
                        maxItems, model.pipeline().name(), kind, payloads))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(request -> {
                    List<String> outputs = InferResponse.selected(model, request.outputs());
                    int priority = request.priority() == null ? 0 : (int) Math.max(-1, Math.min(Integer.MAX_VALUE,
                            request.priority()));
                    gate.checkPriority(caller, request.priority() == null ? 0 : request.priority());
                    long deadlineMs = Math.min(request.timeoutUs() == null ? model.pipeline().join().deadlineMs()
                            : (request.timeoutUs() + 999) / 1000, config.gateway().maxDeadline().toMillis());
                    Duration wait = Duration.ofMillis(Math.min(deadlineMs + DEADLINE_GRACE.toMillis(),
                            config.gateway().maxWait().toMillis()));
                    return gate.admit(caller, request.encoded().size(), () -> Uni.createFrom()
                                    .item(() -> request.items(limits))
                                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                                    .chain(items -> {
                                        gate.checkRecordSize(jobId, model.pipeline(), items, null);
                                        return gate.enqueue(caller, model.pipeline().name(), jobId, items.size(),
                                                deadlineMs, () -> jobs.submitAndAwait(jobId, caller.name(),
                                                        model.pipeline(), items, deadlineMs, priority, null, null, wait)
                                                .onFailure(e -> !(e instanceof ApiProblem)).transform(e ->
                                                        ApiProblem.unavailable("the job could not be accepted ("
                                                                + e.getClass().getSimpleName() + ": " + e.getMessage()
                                                                + ")", config.gateway().retryAfter())));
                                    }))
                            .ifNoItem().after(wait.plus(ACCEPT_TIMEOUT)).failWith(() -> ApiProblem.unavailable(
                                    "the job store or the broker did not answer in time", config.gateway().retryAfter()))
                            .map(submitted -> Response.ok(InferResponse.of(json, model, request.id(), outputs, jobId,
                                    submitted.view())).build());
                })
                .emitOn(SubmitGate.on(context));
    }

    /** The model or pipeline {@code name} if the caller may use it: 404 when unknown, 403 when not allowed. */
    private OipModel visible(String name, String version) {
        OipModel model = OipModel.resolve(registry, name, version);
        gate.allow(tenant.get(), name);
        return model;
    }

    /** Null when the gateway can take work, else why not. */
    private Uni<String> readiness() {
        if (!messaging.getReadiness().isOk()) {
            return Uni.createFrom().item("its Kafka channels are not ready");
        }
        return redis.execute("PING").replaceWith((String) null)
                .ifNoItem().after(READY_TIMEOUT).fail()
                .onFailure().recoverWithItem(e -> "the job store (Redis) does not answer: " + e.getMessage());
    }
}
