package io.braid.gateway.oip;

import io.braid.common.wire.JobCodec;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Open Inference Protocol v2 endpoints of one gateway, with auth on, a real Redis and Kafka in memory (no
 * dispatcher: a job is accepted and handed on, never run). Every error answers problem+json with the protocol's
 * {@code error} member.
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class OipResourceTest {
    @Inject
    @Any
    InMemoryConnector kafka;

    private InMemorySink<byte[]> jobs;

    @BeforeEach
    void emptyTheJobsTopic() {
        jobs = kafka.sink("jobs");
        jobs.clear();
    }

    private static RequestSpecification as(String key) {
        return RestAssured.given().header("Authorization", "Bearer " + key);
    }

    private static RequestSpecification alpha() {
        return as(TestTenants.ALPHA_KEY);
    }

    private static String pixels(String datatype, String shape, String data, String parameters) {
        return """
                {"id": "t", "parameters": {%s},
                 "inputs": [{"name": "image", "datatype": "%s", "shape": %s, "data": %s}]}"""
                .formatted(parameters, datatype, shape, data);
    }

    private static String zeros(int n) {
        return IntStream.range(0, n).mapToObj(i -> i % 7 == 0 ? "255" : "0").collect(Collectors.joining(",", "[", "]"));
    }

    private static Response infer(RequestSpecification who, String model, String body) {
        return who.contentType("application/json").body(body).post("/v2/models/" + model + "/infer");
    }

    private static void assertProtocolError(Response r, int status, String... contains) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        String error = r.jsonPath().getString("error");
        assertThat(error).isNotBlank().isEqualTo(r.jsonPath().getString("detail"));
        for (String part : contains) {
            assertThat(error).contains(part);
        }
    }

    @Test
    void liveReadyAndServerMetadataAnswerForACallerWithAKey() {
        Response server = alpha().get("/v2");
        assertThat(server.statusCode()).isEqualTo(200);
        assertThat(server.jsonPath().getString("name")).isEqualTo("braid");
        assertThat(server.jsonPath().getList("extensions", String.class)).contains("binary_tensor_data", "parameters");
        assertThat(alpha().get("/v2/health/live").jsonPath().getBoolean("live")).isTrue();
        Response ready = alpha().get("/v2/health/ready");
        assertThat(ready.statusCode()).as(ready.asString()).isEqualTo(200);
        assertThat(ready.jsonPath().getBoolean("ready")).isTrue();
    }

    @Test
    void aPipelineAndAModelServedAloneDescribeTheirTensorsAndAreReady() {
        Response pipeline = alpha().get("/v2/models/digits");
        assertThat(pipeline.jsonPath().getString("platform")).isEqualTo("braid_pipeline");
        assertThat(pipeline.jsonPath().getList("versions", String.class)).containsExactly("1");
        assertThat(pipeline.jsonPath().getList("inputs.name", String.class)).containsExactly("image");
        assertThat(pipeline.jsonPath().getList("outputs.name", String.class))
                .containsExactly("label", "confidence", "probabilities");
        Response model = alpha().get("/v2/models/digits-mlp/versions/1");
        assertThat(model.jsonPath().getString("platform")).isEqualTo("pytorch_libtorch");
        assertThat(model.jsonPath().getList("outputs[2].shape", Integer.class)).containsExactly(-1, 10);
        Response ready = alpha().get("/v2/models/digits-mlp/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.jsonPath().getString("name")).isEqualTo("digits-mlp");
        assertThat(ready.jsonPath().getBoolean("ready")).isTrue();
    }

    @Test
    void noKeyIs401AnUnknownModelOrVersion404AndAPipelineOutsideTheAllowList403() {
        Response noKey = RestAssured.get("/v2/models/digits");
        assertProtocolError(noKey, 401, "Authorization: Bearer <api key>");
        assertThat(noKey.header("WWW-Authenticate")).startsWith("Bearer");
        assertProtocolError(alpha().get("/v2/models/nope"), 404, "'nope' is neither a pipeline nor a model");
        assertProtocolError(alpha().get("/v2/models/digits/versions/2"), 404, "its only version is 1");
        assertProtocolError(as(TestTenants.BETA_KEY).get("/v2/models/digits-mlp"), 403,
                "tenant 'beta' may not use pipeline 'digits-mlp'");
    }

    @Test
    void aPixelTensorBecomesAJobOfTheModelsSingleBranchPipelineWithTheTimeoutAsDeadlineAndThePriority() {
        Response r = infer(alpha(), "digits-mlp", pixels("UINT8", "[2, 1, 28, 28]", zeros(2 * 28 * 28),
                "\"timeout\": 1, \"priority\": 3"));

        assertProtocolError(r, 504, "did not finish within the wait");
        String jobId = r.jsonPath().getString("error").replaceAll(".*job ([0-9a-f-]{36}).*", "$1");
        List<? extends Message<byte[]>> sent = jobs.received();
        assertThat(sent).hasSize(1);
        JobRequest job = JobCodec.decode(sent.get(0).getPayload());
        assertThat(job.jobId()).isEqualTo(jobId);
        assertThat(job.pipeline()).isEqualTo("digits-mlp");
        assertThat(job.priority()).isEqualTo(3);
        assertThat(job.deadlineEpochMs() - job.submittedAtMs()).as("1 microsecond, rounded up to 1 ms").isEqualTo(1);
        assertThat(job.items()).extracting(JobItem::id).containsExactly("0", "1");
        assertThat(job.items()).extracting(JobItem::contentType).containsOnly("image/png");
    }

    @Test
    void aBadTensorShapeOrDatatypeOrAPriorityAboveTheCeilingIs400AndNothingIsSent() {
        assertProtocolError(infer(alpha(), "digits", pixels("FP32", "[1, 28, 28]", "[0.5, 0.25]", "")), 400,
                "shape [1, 28, 28] but 2 elements; it needs 784");
        assertProtocolError(infer(alpha(), "digits", pixels("INT64", "[1, 28, 28]", zeros(784), "")), 400,
                "datatype INT64", "BYTES", "UINT8", "FP32");
        assertProtocolError(infer(alpha(), "digits", pixels("BYTES", "[2]", "[\"aGVsbG8=\"]", "")), 400,
                "shape [2] but 1 elements");
        assertProtocolError(infer(alpha(), "digits", pixels("UINT8", "[1, 28, 28]", zeros(784), "\"priority\": 6")),
                400, "priority must be 0 to 5");
        assertProtocolError(alpha().contentType("application/json").body("{\"inputs\": [").post("/v2/models/digits/infer"),
                400);
        assertThat(jobs.received()).isEmpty();
    }

    @Test
    void aTenantOverItsItemQuotaGets429WithRetryAfterAndTheRateLimitHeaders() {
        RequestSpecification beta = as(TestTenants.BETA_KEY);
        String tenNotImages = pixels("BYTES", "[10]", "[" + String.join(",", java.util.Collections.nCopies(10,
                "\"aGVsbG8=\"")) + "]", "");

        assertProtocolError(infer(beta, "digits", tenNotImages), 400, "input 'image' element 0");
        Response over = infer(beta, "digits", pixels("BYTES", "[1]", "[\"aGVsbG8=\"]", ""));

        assertProtocolError(over, 429);
        assertThat(Integer.parseInt(over.header("Retry-After"))).isPositive();
        assertThat(over.header("RateLimit-Policy")).isNotBlank();
        assertThat(over.header("RateLimit")).isNotBlank();
        assertThat(jobs.received()).isEmpty();
    }
}
