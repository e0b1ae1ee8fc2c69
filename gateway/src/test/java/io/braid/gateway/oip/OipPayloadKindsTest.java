package io.braid.gateway.oip;

import io.braid.common.tensor.DType;
import io.braid.common.tensor.Tensor;
import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.JobCodec;
import io.braid.common.wire.JobItem;
import io.braid.common.wire.JobRequest;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v2/models/<pipeline>/infer} on pipelines that take tensors or text (the test pipelines of
 * {@code src/test/resources/pipelines}): every input of a tensor pipeline is one tensor item, named after it; the
 * {@code text} input of a text pipeline gives one text item per BYTES element; a json pipeline is refused (its inputs
 * go to /v1). The timeout is 1 µs, so each request answers 504 once its job is on {@code braid.jobs}.
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class OipPayloadKindsTest {
    @Inject
    @Any
    InMemoryConnector kafka;

    private InMemorySink<byte[]> jobs;

    @BeforeEach
    void emptyTheJobsTopic() {
        jobs = kafka.sink("jobs");
        jobs.clear();
    }

    private static Response infer(String model, String inputs) {
        return RestAssured.given().header("Authorization", "Bearer " + TestTenants.ALPHA_KEY)
                .contentType("application/json").body("{\"parameters\":{\"timeout\":1},\"inputs\":" + inputs + "}")
                .post("/v2/models/" + model + "/infer");
    }

    private List<JobItem> sentItems(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(504);
        assertThat(jobs.received()).hasSize(1);
        return JobCodec.decode(jobs.received().get(0).getPayload()).items();
    }

    private void assertRefused(Response r, String detailPart) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(r.jsonPath().getString("error")).contains(detailPart);
        assertThat(jobs.received()).isEmpty();
    }

    @Test
    void eachInputOfATensorPipelineIsATensorItemNamedAfterIt() {
        List<JobItem> items = sentItems(infer("research-tensor", "["
                + "{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[2,2],\"data\":[[1,2],[3,4]]},"
                + "{\"name\":\"b\",\"datatype\":\"INT64\",\"shape\":[3],\"data\":[1,2,3]}]"));
        assertThat(items).extracting(JobItem::id).containsExactly("a", "b");
        assertThat(items).extracting(JobItem::contentType).containsOnly("application/x-braid-tensor");
        assertThat(TensorCodec.decode(items.get(0).data()))
                .isEqualTo(Tensor.ofFloats(new long[]{2, 2}, new float[]{1, 2, 3, 4}));
        assertThat(TensorCodec.decode(items.get(1).data()).dtype()).isEqualTo(DType.INT64);
    }

    @Test
    void aTensorAsBinaryDataIsTakenAsItsLittleEndianBytes() {
        byte[] header = ("{\"parameters\":{\"timeout\":1},\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\","
                + "\"shape\":[2],\"parameters\":{\"binary_data_size\":8}}]}").getBytes(StandardCharsets.UTF_8);
        byte[] data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array();
        Response r = RestAssured.given().header("Authorization", "Bearer " + TestTenants.ALPHA_KEY)
                .header(InferRequest.HEADER_LENGTH, header.length).contentType("application/octet-stream")
                .body(concat(header, data)).post("/v2/models/research-tensor/infer");
        assertThat(TensorCodec.decode(sentItems(r).get(0).data()))
                .isEqualTo(Tensor.ofFloats(new long[]{2}, new float[]{1.5f, -2f}));
    }

    @Test
    void aBadTensorIs400NamingTheInputsPath() {
        assertRefused(infer("research-tensor", "[{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[2,3],"
                + "\"data\":[1,2,3,4,5]}]"), "inputs[0].data has 5 elements; shape [2,3] needs 6");
        assertRefused(infer("research-tensor", "[{\"name\":\"a\",\"datatype\":\"BOOL\",\"shape\":[1],\"data\":[true]}]"),
                "inputs[0].datatype is BOOL; tensor inputs take one of FP32, FP64, INT32, INT64, UINT8");
        assertRefused(infer("research-tensor", "[{\"name\":\"a\",\"datatype\":\"UINT8\",\"shape\":[1],\"data\":[1]},"
                + "{\"name\":\"a\",\"datatype\":\"UINT8\",\"shape\":[1],\"data\":[1]}]"),
                "inputs[1].name 'a' is used by another input");
    }

    @Test
    void eachBytesElementOfATextPipelinesInputIsATextItem() {
        List<JobItem> items = sentItems(infer("research-text",
                "[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"hello\",\"wörld\"]}]"));
        assertThat(items).extracting(JobItem::id).containsExactly("0", "1");
        assertThat(items).extracting(JobItem::contentType).containsOnly("text/plain; charset=utf-8");
        assertThat(items.get(1).data()).isEqualTo("wörld".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textsAsBinaryDataAreLengthPrefixedUtf8() {
        byte[] one = "héllo".getBytes(StandardCharsets.UTF_8);
        byte[] data = ByteBuffer.allocate(4 + one.length).order(ByteOrder.LITTLE_ENDIAN).putInt(one.length).put(one).array();
        byte[] header = ("{\"parameters\":{\"timeout\":1},\"inputs\":[{\"name\":\"text\",\"datatype\":\"BYTES\","
                + "\"shape\":[1],\"parameters\":{\"binary_data_size\":" + data.length + "}}]}").getBytes(StandardCharsets.UTF_8);
        Response r = RestAssured.given().header("Authorization", "Bearer " + TestTenants.ALPHA_KEY)
                .header(InferRequest.HEADER_LENGTH, header.length).contentType("application/octet-stream")
                .body(concat(header, data)).post("/v2/models/research-text/infer");
        assertThat(sentItems(r).get(0).data()).isEqualTo(one);
    }

    @Test
    void aTextPipelineRefusesOtherInputsAndBadTexts() {
        assertRefused(infer("research-text", "[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[1],"
                + "\"data\":[\"x\"]}]"), "unexpected input 'image': pipeline 'research-text' takes one input 'text'");
        assertRefused(infer("research-text", "[{\"name\":\"text\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]"),
                "input 'text' has datatype FP32; it takes BYTES");
        assertRefused(infer("research-text", "[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"\"]}]"),
                "input 'text' element 0 is empty");
        assertRefused(infer("research-text", "[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"a\"]}]"),
                "input 'text' has shape [2] but 1 elements");
    }

    @Test
    void aJsonPipelineIsRefusedWithTheWayToV1() {
        assertRefused(infer("research-json", "[{\"name\":\"json\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"{}\"]}]"),
                "pipeline 'research-json' takes json inputs, which the Open Inference Protocol has no datatype for;"
                        + " use /v1: POST /v1/pipelines/research-json/jobs");
    }

    @Test
    void theMetadataNamesTheInputOfEachKind() {
        io.restassured.specification.RequestSpecification alpha = RestAssured.given()
                .header("Authorization", "Bearer " + TestTenants.ALPHA_KEY);
        assertThat(alpha.get("/v2/models/research-text").jsonPath().getList("inputs.name", String.class))
                .containsExactly("text");
        assertThat(alpha.get("/v2/models/research-tensor").jsonPath().getList("inputs.name", String.class))
                .containsExactly("tensor");
        assertThat(alpha.get("/v2/models/research-json").jsonPath().getList("inputs")).isEmpty();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(a, 0, a.length);
        out.write(b, 0, b.length);
        return out.toByteArray();
    }
}
