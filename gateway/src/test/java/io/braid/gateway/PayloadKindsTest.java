package io.braid.gateway;

import io.braid.common.job.JobFields;
import io.braid.common.job.JobResult;
import io.braid.common.job.RedisKeys;
import io.braid.common.tensor.DType;
import io.braid.common.tensor.Tensor;
import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.BranchOutput;
import io.braid.common.wire.Json;
import io.braid.common.wire.JobCodec;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.Sinks;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.braid.gateway.testing.TestTenants.TEAM_B_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pipeline takes inputs of its kind (image, text, json, tensor): each input becomes a job item of the kind's
 * content type and raw bytes (never base64) on {@code braid.jobs}; an input of another kind, or of two, is a 400
 * that says what the pipeline takes. The test pipelines {@code research-text}, {@code research-json} and
 * {@code research-tensor} are in {@code src/test/resources/pipelines}.
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class PayloadKindsTest {
    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    RedisDataSource redis;

    private List<JobItem> sentItems(String pipeline, String inputs) {
        String job = Api.accepted(TEAM_B_KEY, pipeline, "{\"inputs\":" + inputs + "}");
        JobRequest sent = JobCodec.decode(Sinks.jobRecord(connector, job).getPayload());
        assertThat(sent.pipeline()).isEqualTo(pipeline);
        return sent.items();
    }

    private static void assertBadRequest(String pipeline, String inputs, String detailPart) {
        Api.assertProblem(Api.submit(TEAM_B_KEY, pipeline, "{\"inputs\":" + inputs + "}"), 400, "Bad Request",
                detailPart);
    }

    @Test
    void aTextInputBecomesAnItemOfItsUtf8Bytes() {
        List<JobItem> items = sentItems("research-text",
                "[{\"id\":\"q\",\"text\":\"Gr\\u00fc\\u00dfe \\ud83d\\ude00 \\\"quoted\\\"\"},{\"text\":\"two\"}]");
        assertThat(items).extracting(JobItem::id).containsExactly("q", "1");
        assertThat(items).extracting(JobItem::contentType).containsOnly("text/plain; charset=utf-8");
        assertThat(new String(items.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("Grüße 😀 \"quoted\"");
        assertThat(items.get(0).data()).isEqualTo("Grüße 😀 \"quoted\"".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aJsonInputBecomesAnItemOfItsCompactUtf8KeepingEveryDigitOfItsNumbers() {
        List<JobItem> items = sentItems("research-json", "[{\"id\":\"o\",\"json\": { \"q\" : \"caf\\u00e9\", "
                + "\"n\": [1, 2.50, 3.141592653589793238462643383279, 12345678901234567890123, null, true] }},"
                + "{\"id\":\"a\",\"json\":[]}]");
        assertThat(items).extracting(JobItem::contentType).containsOnly("application/json");
        assertThat(new String(items.get(0).data(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"q\":\"café\",\"n\":[1,2.50,3.141592653589793238462643383279,12345678901234567890123,null,true]}");
        assertThat(new String(items.get(1).data(), StandardCharsets.UTF_8)).isEqualTo("[]");
    }

    @Test
    void aTensorInputBecomesAnItemOfItsTensorEncodingFlatOrNestedRowMajor() {
        List<JobItem> items = sentItems("research-tensor", "["
                + "{\"id\":\"flat\",\"tensor\":{\"name\":\"x\",\"shape\":[2,3],\"datatype\":\"FP32\",\"data\":[1,2,3,4,5,6.5]}},"
                + "{\"id\":\"nested\",\"tensor\":{\"shape\":[2,3],\"datatype\":\"FP32\",\"data\":[[1,2,3],[4,5,6.5]]}},"
                + "{\"id\":\"ints\",\"tensor\":{\"shape\":[2],\"datatype\":\"INT64\",\"data\":[-9223372036854775808,7]}},"
                + "{\"id\":\"bytes\",\"tensor\":{\"shape\":[1,2],\"datatype\":\"UINT8\",\"data\":[[0,255]]}},"
                + "{\"id\":\"i32\",\"tensor\":{\"shape\":[1],\"datatype\":\"INT32\",\"data\":[-5]}},"
                + "{\"id\":\"f64\",\"tensor\":{\"shape\":[],\"datatype\":\"FP64\",\"data\":[0.1]}},"
                + "{\"id\":\"empty\",\"tensor\":{\"shape\":[0,4],\"datatype\":\"FP32\",\"data\":[]}}]");
        assertThat(items).extracting(JobItem::contentType).containsOnly("application/x-braid-tensor");
        Tensor flat = Tensor.ofFloats(new long[]{2, 3}, new float[]{1, 2, 3, 4, 5, 6.5f});
        assertThat(items.get(0).data()).isEqualTo(TensorCodec.encode(flat));
        assertThat(TensorCodec.decode(items.get(1).data())).isEqualTo(flat);
        assertThat(TensorCodec.decode(items.get(2).data())).isEqualTo(new Tensor(DType.INT64, new long[]{2},
                ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MIN_VALUE).putLong(7).array()));
        assertThat(TensorCodec.decode(items.get(3).data())).isEqualTo(new Tensor(DType.UINT8, new long[]{1, 2},
                new byte[]{0, (byte) 255}));
        assertThat(TensorCodec.decode(items.get(4).data())).isEqualTo(new Tensor(DType.INT32, new long[]{1},
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(-5).array()));
        assertThat(TensorCodec.decode(items.get(5).data())).isEqualTo(new Tensor(DType.FLOAT64, new long[0],
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).array()));
        assertThat(TensorCodec.decode(items.get(6).data()).shape()).containsExactly(0, 4);
    }

    @Test
    void anImageInputIsAsBefore() {
        List<JobItem> items = sentItems("digits", "[{\"id\":\"i\",\"image\":\"" + Api.IMAGE + "\"}]");
        assertThat(items).extracting(JobItem::contentType).containsExactly("image/png");
    }

    @Test
    void anInputOfAnotherKindIs400SayingWhichFieldThePipelineTakes() {
        assertBadRequest("research-text", "[{\"id\":\"a\",\"image\":\"" + Api.IMAGE + "\"}]",
                "inputs[0] has \"image\" but pipeline 'research-text' takes text inputs: {\"id\", \"text\"}");
        assertBadRequest("digits", "[{\"image\":\"" + Api.IMAGE + "\"},{\"text\":\"hi\"}]",
                "inputs[1] has \"text\" but pipeline 'digits' takes image inputs: {\"id\", \"image\"}");
        assertBadRequest("research-json", "[{\"tensor\":{\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}}]",
                "inputs[0] has \"tensor\" but pipeline 'research-json' takes json inputs: {\"id\", \"json\"}");
        assertBadRequest("research-tensor", "[{\"json\":{}}]",
                "inputs[0] has \"json\" but pipeline 'research-tensor' takes tensor inputs: {\"id\", \"tensor\"}");
    }

    @Test
    void anInputWithTwoPayloadsOrNoneIs400() {
        assertBadRequest("research-text", "[{\"text\":\"a\",\"json\":{}}]",
                "inputs[0] has \"text\" and \"json\"; an input carries one payload, and pipeline 'research-text' "
                        + "takes text inputs");
        assertBadRequest("research-text", "[{\"id\":\"a\"}]",
                "inputs[0].text is required: pipeline 'research-text' takes text inputs: {\"id\", \"text\"}");
        assertBadRequest("research-json", "[{\"json\":null}]", "inputs[0].json is required");
        assertBadRequest("research-tensor", "[]", "'inputs' must be a non-empty array of {\"id\", \"tensor\"}");
    }

    @Test
    void unknownFieldsAreStillRefusedByTheirPathInTheNewPayloads() {
        assertBadRequest("research-text", "[{\"txt\":\"a\"}]", "unknown field 'inputs[0].txt'");
        assertBadRequest("research-tensor", "[{\"tensor\":{\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1],"
                + "\"parameters\":{}}}]", "unknown field 'inputs[0].tensor.parameters'");
    }

    @Test
    void thePipelinesShowTheirInputKind() {
        JsonPath list = Api.as(TEAM_B_KEY).get("/v1/pipelines").jsonPath();
        Map<String, String> kinds = new java.util.HashMap<>();
        List<Map<String, Object>> pipelines = list.getList("pipelines");
        pipelines.forEach(p -> kinds.put((String) p.get("name"), (String) p.get("input")));
        assertThat(kinds).containsEntry("digits", "image").containsEntry("research-text", "text")
                .containsEntry("research-json", "json").containsEntry("research-tensor", "tensor");
    }

    @Test
    void theOpenApiDocumentDescribesEveryPayloadFieldAndRequiresNone() {
        JsonPath doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        Map<String, Object> input = doc.getMap("components.schemas.Input");
        assertThat(doc.getMap("components.schemas.Input.properties")).containsKeys("id", "image", "text", "json",
                "tensor");
        assertThat(input.get("required")).as("no single payload field is required").isNull();
        assertThat(doc.getString("components.schemas.Input.properties.text.description")).contains("input kind text");
        assertThat(doc.getString("components.schemas.Input.properties.json.description")).contains("object or array");
        assertThat(doc.getList("components.schemas.Input.properties.json.oneOf.type", String.class))
                .containsExactly("object", "array");
        assertThat(doc.getString("components.schemas.TensorInput.properties.data.type")).isEqualTo("array");
        assertThat(doc.getList("components.schemas.PipelineView.properties.input.enum", String.class))
                .containsExactly("image", "text", "json", "tensor");
        assertThat(doc.getMap("components.schemas.TensorInput.properties")).containsOnlyKeys("name", "shape",
                "datatype", "data");
        assertThat(doc.getList("components.schemas.TensorInput.required", String.class))
                .containsExactlyInAnyOrder("shape", "datatype", "data");
        assertThat(doc.getList("components.schemas.TensorInput.properties.datatype.enum", String.class))
                .containsExactly("FP32", "FP64", "INT32", "INT64", "UINT8");
    }

    @Test
    void aFinishedJobShowsTextJsonVectorUsageAndFinishReasonOfItsOutputsWithoutNulls() {
        String job = Api.accepted(TEAM_B_KEY, "research-text", "{\"inputs\":[{\"id\":\"q\",\"text\":\"hi\"}]}");
        BranchOutput reply = BranchOutput.text("hello", new BranchOutput.Usage(3, 2, 5), "stop");
        BranchOutput plan = BranchOutput.data(Json.MAPPER.createObjectNode().put("steps", 2));
        BranchOutput embedding = BranchOutput.vector(new float[]{0.5f, -1f}, new BranchOutput.Usage(3, 0, 3));
        JobResult result = new JobResult(List.of(new JobResult.ItemResult("q", 0, "ok", reply, "collect", null,
                Map.of("chat", new JobResult.BranchResult("ok", reply, null, 1, 12L, null),
                        "plan", new JobResult.BranchResult("ok", plan, null, 1, 9L, null),
                        "embed", new JobResult.BranchResult("ok", embedding, null, 1, 4L, null)))));
        redis.hash(String.class).hset(RedisKeys.job(job), Map.of(JobFields.STATE, "SUCCEEDED",
                JobFields.RESULT, Json.writeString(result)));

        Response view = Api.as(TEAM_B_KEY).get("/v1/jobs/{id}", job);
        assertThat(view.statusCode()).as(view.asString()).isEqualTo(200);
        JsonPath v = view.jsonPath();
        assertThat(v.getString("status")).isEqualTo("SUCCEEDED");
        Map<String, Object> output = v.getMap("result.items[0].output");
        assertThat(output).containsOnlyKeys("text", "usage", "finishReason");
        assertThat(output.get("text")).isEqualTo("hello");
        assertThat(output.get("finishReason")).isEqualTo("stop");
        assertThat(v.getMap("result.items[0].output.usage")).isEqualTo(Map.of("promptTokens", 3,
                "completionTokens", 2, "totalTokens", 5));
        assertThat(v.getMap("result.items[0].branches.plan.output")).isEqualTo(Map.of("data", Map.of("steps", 2)));
        assertThat(v.getMap("result.items[0].branches.embed.output")).containsOnlyKeys("vector", "usage");
        assertThat(v.getList("result.items[0].branches.embed.output.vector", Float.class)).containsExactly(0.5f, -1f);
    }
}
