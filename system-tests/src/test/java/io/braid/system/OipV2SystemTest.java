package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Open Inference Protocol v2 REST API on the running stack, spoken as a KServe or Triton client does: a
 * pipeline and a model served alone answer the true digits of held-out images (as encoded images in BYTES and as
 * UINT8 or FP32 pixel tensors; in JSON and in Triton's binary tensor data), metadata and readiness describe them, and errors carry the protocol's
 * {@code error} member with the right status.
 */
class OipV2SystemTest {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static Api api;
    /** The first held-out image of each digit, 0 to 9, in a font no model saw. */
    private static final Map<String, byte[]> TEN = new LinkedHashMap<>();

    @BeforeAll
    static void startStack() {
        api = new Api(Stack.get().gatewayUrl());
        HeldOutDigits.load(Stack.repoRoot()).forEach((id, png) -> {
            if (id.endsWith("_000")) {
                TEN.put(id, png);
            }
        });
        assertThat(TEN).hasSize(10);
    }

    private static List<String> trueLabels() {
        return TEN.keySet().stream().map(HeldOutDigits::label).toList();
    }

    private static ObjectNode request(String id, Map<String, Object> parameters) {
        ObjectNode body = Api.JSON.createObjectNode();
        body.put("id", id);
        if (!parameters.isEmpty()) {
            body.set("parameters", Api.JSON.valueToTree(parameters));
        }
        ObjectNode input = body.putArray("inputs").addObject();
        input.put("name", "image").put("datatype", "BYTES").putArray("shape").add(TEN.size());
        ArrayNode data = input.putArray("data");
        TEN.values().forEach(png -> data.add(Base64.getEncoder().encodeToString(png)));
        return body;
    }

    private static Api.Reply infer(String model, JsonNode body) {
        return api.post("/v2/models/" + model + "/infer", body.toString().getBytes(StandardCharsets.UTF_8), JSON);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static JsonNode output(JsonNode response, String name) {
        for (JsonNode o : response.path("outputs")) {
            if (o.path("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no output '" + name + "' in " + response);
    }

    @Test
    void inferOnAPipelineAnswersTheTrueDigitsAsLabelConfidenceAndProbabilityTensors() {
        Api.Reply reply = infer("digits", request("req-1", Map.of("priority", 1)));

        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        JsonNode body = reply.body();
        assertThat(body.path("model_name").asText()).isEqualTo("digits");
        assertThat(body.path("model_version").asText()).isEqualTo("1");
        assertThat(body.path("id").asText()).isEqualTo("req-1");
        String jobId = body.path("parameters").path("braid_job_id").asText();
        assertThat(body.path("parameters").path("braid_status").asText()).isEqualTo("SUCCEEDED");
        JsonNode label = output(body, "label");
        assertThat(label.path("datatype").asText()).isEqualTo("BYTES");
        assertThat(texts(label.path("shape"))).containsExactly("10");
        assertThat(texts(label.path("data"))).isEqualTo(trueLabels());
        JsonNode probabilities = output(body, "probabilities");
        assertThat(probabilities.path("datatype").asText()).isEqualTo("FP32");
        assertThat(texts(probabilities.path("shape"))).containsExactly("10", "10");
        assertThat(probabilities.path("data")).hasSize(100);
        JsonNode confidence = output(body, "confidence");
        for (int i = 0; i < 10; i++) {
            double p = probabilities.path("data").get(i * 10 + i).asDouble();
            assertThat(confidence.path("data").get(i).asDouble()).as("item %d's confidence is its label's probability", i)
                    .isCloseTo(p, org.assertj.core.data.Offset.offset(1e-6));
        }
        // the same job is an ordinary job of the tenant
        assertThat(api.get("/v1/jobs/" + jobId).body().path("pipeline").asText()).isEqualTo("digits");
    }

    @Test
    void inferOnAModelServedAloneWithTritonBinaryTensorDataAnswersTheTrueDigits() throws Exception {
        ByteArrayOutputStream tensor = new ByteArrayOutputStream();
        for (byte[] png : TEN.values()) {
            tensor.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(png.length).array());
            tensor.write(png);
        }
        ObjectNode header = Api.JSON.createObjectNode();
        ObjectNode input = header.putArray("inputs").addObject();
        input.put("name", "image").put("datatype", "BYTES").putArray("shape").add(TEN.size());
        input.putObject("parameters").put("binary_data_size", tensor.size());
        header.putArray("outputs").addObject().put("name", "label");
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(json);
        body.write(tensor.toByteArray());

        Api.Reply reply = api.post("/v2/models/digits-lenet/infer", body.toByteArray(), Map.of(
                "Content-Type", "application/octet-stream", "Inference-Header-Content-Length", Integer.toString(json.length)));

        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        assertThat(reply.body().path("model_name").asText()).isEqualTo("digits-lenet");
        assertThat(reply.body().path("outputs")).as("only the requested output").hasSize(1);
        assertThat(texts(output(reply.body(), "label").path("data"))).isEqualTo(trueLabels());
        String jobId = reply.body().path("parameters").path("braid_job_id").asText();
        JsonNode job = api.get("/v1/jobs/" + jobId).body();
        assertThat(job.path("result").path("items").get(0).path("branches").fieldNames())
                .toIterable().as("the model ran alone, as the single branch of its job").containsExactly("digits-lenet");
    }

    @Test
    void theReadmesRequestBodyAnswersItsDigitWithTheTwoOutputsItAsksFor() {
        String image = Base64.getEncoder().encodeToString(TEN.get("7_000"));
        String readme = """
                {"id": "req-1", "parameters": {"timeout": 5000000, "priority": 1},
                  "inputs": [{"name": "image", "datatype": "BYTES", "shape": [1], "data": ["%s"]}],
                  "outputs": [{"name": "label"}, {"name": "confidence"}]}""".formatted(image);

        Api.Reply reply = api.post("/v2/models/digits/infer", readme.getBytes(StandardCharsets.UTF_8), JSON);

        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        assertThat(reply.body().path("outputs").findValuesAsText("name")).containsExactly("label", "confidence");
        assertThat(texts(output(reply.body(), "label").path("data"))).containsExactly("7");
        assertThat(output(reply.body(), "confidence").path("shape").get(0).asInt()).isEqualTo(1);
    }

    /** The grey levels (0 to 255) of a PNG, row-major. */
    private static int[] grey(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void inferOnAModelServedAloneWithAnFp32PixelTensorInJsonAnswersTheTrueDigits() {
        ObjectNode body = Api.JSON.createObjectNode();
        ObjectNode input = body.putArray("inputs").addObject();
        input.put("name", "image").put("datatype", "FP32");
        input.putArray("shape").add(TEN.size()).add(1).add(28).add(28);
        ArrayNode data = input.putArray("data");
        TEN.values().forEach(png -> {
            for (int level : grey(png)) {
                data.add(level / 255.0f);
            }
        });

        Api.Reply reply = infer("digits-lenet", body);

        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        assertThat(texts(output(reply.body(), "label").path("data"))).isEqualTo(trueLabels());
    }

    @Test
    void inferOnAPipelineWithAUint8PixelTensorAsBinaryDataAnswersTheTrueDigits() throws Exception {
        ByteArrayOutputStream tensor = new ByteArrayOutputStream();
        TEN.values().forEach(png -> {
            for (int level : grey(png)) {
                tensor.write(level);
            }
        });
        ObjectNode header = Api.JSON.createObjectNode();
        ObjectNode input = header.putArray("inputs").addObject();
        input.put("name", "image").put("datatype", "UINT8");
        input.putArray("shape").add(TEN.size()).add(28).add(28);
        input.putObject("parameters").put("binary_data_size", tensor.size());
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(json);
        body.write(tensor.toByteArray());

        Api.Reply reply = api.post("/v2/models/digits/infer", body.toByteArray(), Map.of(
                "Content-Type", "application/octet-stream", "Inference-Header-Content-Length", Integer.toString(json.length)));

        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        assertThat(texts(output(reply.body(), "label").path("data"))).isEqualTo(trueLabels());
    }

    @Test
    void metadataAndReadinessDescribeTheServerPipelinesAndModels() {
        JsonNode server = api.get("/v2").body();
        assertThat(server.path("name").asText()).isEqualTo("braid");
        assertThat(texts(server.path("extensions"))).contains("binary_tensor_data");
        assertThat(api.get("/v2/health/live").status()).isEqualTo(200);
        assertThat(api.get("/v2/health/ready").status()).isEqualTo(200);

        JsonNode pipeline = api.get("/v2/models/digits").body();
        assertThat(pipeline.path("platform").asText()).isEqualTo("braid_pipeline");
        assertThat(texts(pipeline.path("versions"))).containsExactly("1");
        assertThat(pipeline.path("inputs").get(0).path("name").asText()).isEqualTo("image");
        assertThat(pipeline.path("inputs").get(0).path("datatype").asText()).isEqualTo("BYTES");
        assertThat(pipeline.path("outputs").findValuesAsText("name")).containsExactly("label", "confidence", "probabilities");
        JsonNode model = api.get("/v2/models/digits-mlp/versions/1").body();
        assertThat(model.path("platform").asText()).isEqualTo("pytorch_libtorch");
        assertThat(texts(model.path("outputs").get(2).path("shape"))).containsExactly("-1", "10");
        Api.Reply ready = api.get("/v2/models/digits-mlp/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().path("ready").asBoolean()).isTrue();
    }

    @Test
    void aTimeoutParameterIsTheJobsDeadlineAndOneThatPassesIs504NamingTheJob() {
        Api.Reply reply = infer("digits", request("late", Map.of("timeout", 1)));

        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(504);
        assertThat(reply.body().path("error").asText()).contains("deadline").contains("job ");
    }

    @Test
    void errorsCarryTheProtocolsErrorMemberWithTheRightStatus() {
        Api.Reply unknown = api.get("/v2/models/nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("error").asText()).contains("'nope' is neither a pipeline nor a model");
        assertThat(api.get("/v2/models/digits/versions/2").status()).isEqualTo(404);

        ObjectNode strings = request("px", Map.of());
        ((ObjectNode) strings.path("inputs").get(0)).put("datatype", "FP32");
        Api.Reply fp32 = infer("digits", strings);
        assertThat(fp32.status()).isEqualTo(400);
        assertThat(fp32.contentType()).startsWith("application/problem+json");
        assertThat(fp32.body().path("error").asText()).contains("shape [10]").contains("[N, H, W] or [N, 1, H, W]");
        assertThat(fp32.body().path("detail").asText()).isEqualTo(fp32.body().path("error").asText());

        ObjectNode int64 = request("i64", Map.of());
        ((ObjectNode) int64.path("inputs").get(0)).put("datatype", "INT64");
        Api.Reply wrongType = infer("digits-mlp", int64);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body().path("error").asText()).contains("datatype INT64").contains("BYTES")
                .contains("UINT8").contains("FP32");

        Api.Reply tooHigh = infer("digits", request("hi", Map.of("priority", 1_000_000)));
        assertThat(tooHigh.status()).isEqualTo(400);
        assertThat(tooHigh.body().path("error").asText()).contains("priority must be 0 to");

        ObjectNode notAnImage = request("bad", Map.of());
        ((ArrayNode) notAnImage.path("inputs").get(0).path("data")).set(3, Api.JSON.getNodeFactory()
                .textNode(Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8))));
        Api.Reply bad = infer("digits", notAnImage);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").asText()).contains("input 'image' element 3");

        Api.Reply noKey = new Api(Stack.get().gatewayUrl(), null).get("/v2/models/digits");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.body().path("error").asText()).contains("Authorization: Bearer <api key>");
    }
}
