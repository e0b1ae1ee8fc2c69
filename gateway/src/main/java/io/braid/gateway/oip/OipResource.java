package io.braid.gateway.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.braid.common.auth.Tenant;
import io.braid.common.image.ImageLimits;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

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
    @GET
    public Map<String, Object> server() {
        return Map.of("name", "braid", "version", version, "extensions", List.of("binary_tensor_data", "parameters"));
    }

    /** Live: the gateway answers. */
    @GET
    @Path("/health/live")
    public Map<String, Object> live() {
        return Map.of("live", true);
    }

    /** Ready: the gateway can take work (its job store answers and its Kafka channels are up); 503 otherwise. */
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

    @GET
    @Path("/models/{name}")
    public Map<String, Object> model(@PathParam("name") String name) {
        return visible(name, null).metadata();
    }

    @GET
    @Path("/models/{name}/versions/{version}")
    public Map<String, Object> modelVersion(@PathParam("name") String name, @PathParam("version") String version) {
        return visible(name, version).metadata();
    }

    /** A model is ready when it is known to this gateway and the gateway is ready (see docs/architecture.md). */
    @GET
    @Path("/models/{name}/ready")
    public Uni<Map<String, Object>> modelReady(@PathParam("name") String name) {
        return modelReady(name, null);
    }

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

    @POST
    @Path("/models/{name}/infer")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> infer(@PathParam("name") String name,
                               @HeaderParam(InferRequest.HEADER_LENGTH) String headerLength, byte[] body) {
        return infer(name, null, headerLength, body);
    }

    /**
     * Runs one inference request as a job and answers its outputs. {@code parameters.timeout} (microseconds, as
     * Triton counts) is the job's deadline, the pipeline's default when absent; {@code parameters.priority} its
     * priority (Braid's scale: higher runs first, 0 to the tenant's ceiling). The answer waits for the job, at most
     * until its deadline (plus a grace) or {@code braid.gateway.max-wait}.
     */
    @POST
    @Path("/models/{name}/versions/{version}/infer")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> infer(@PathParam("name") String name, @PathParam("version") String version,
                               @HeaderParam(InferRequest.HEADER_LENGTH) String headerLength, byte[] body) {
        OipModel model = visible(name, version);
        Tenant caller = tenant.get();
        Context context = Vertx.currentContext();
        int maxItems = config.gateway().maxItems();
        GatewayConfig.Images images = config.images();
        ImageLimits limits = new ImageLimits(images.maxSide(), images.maxPixels());
        String jobId = JobService.newJobId(null);
        return Uni.createFrom().item(() -> InferRequest.parse(json, body == null ? new byte[0] : body, headerLength, maxItems))
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
