package io.braid.mock;

import static io.braid.mock.MockClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OipTest {
  @TempDir static Path dir;
  static MockClient mock;

  @BeforeAll
  static void start() {
    mock = MockClient.start(dir, "models:\n  vision: {outputs: 10}\n  three-way: {outputs: 3}\n");
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  static String infer(String shape, String data) {
    return "{\"id\":\"r1\",\"inputs\":[{\"name\":\"input0\",\"shape\":" + shape
        + ",\"datatype\":\"FP32\",\"data\":" + data + "}]}";
  }

  @Test
  void visionModelAnswersATenClassProbabilityVector() {
    var res = mock.post("/v2/models/vision/infer", infer("[1,4]", "[0.1,0.2,0.3,0.4]"));
    assertThat(res.statusCode()).isEqualTo(200);
    JsonNode body = json(res);
    assertThat(body.get("model_name").asText()).isEqualTo("vision");
    assertThat(body.get("id").asText()).isEqualTo("r1");
    JsonNode out = body.get("outputs").get(0);
    assertThat(out.get("name").asText()).isEqualTo("output0");
    assertThat(out.get("datatype").asText()).isEqualTo("FP32");
    assertThat(out.get("shape").toString()).isEqualTo("[1,10]");
    double sum = 0;
    for (JsonNode p : out.get("data")) {
      assertThat(p.asDouble()).isBetween(0.0, 1.0);
      sum += p.asDouble();
    }
    assertThat(out.get("data")).hasSize(10);
    assertThat(sum).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void modelNamedDashVisionClassifiesWithoutConfigAndPerBatchRow() {
    JsonNode out = json(mock.post("/v2/models/mnist-vision/infer", infer("[2,2]", "[[1,2],[3,4]]")))
        .at("/outputs/0");
    assertThat(out.get("shape").toString()).isEqualTo("[2,10]");
    assertThat(out.get("data")).hasSize(20);
  }

  @Test
  void sameInputSumGivesTheSameProbabilitiesAndOutputsCountIsConfigurable() {
    JsonNode a = json(mock.post("/v2/models/three-way/infer", infer("[1,2]", "[1,2]"))).at("/outputs/0");
    JsonNode b = json(mock.post("/v2/models/three-way/infer", infer("[1,3]", "[1,1,1]"))).at("/outputs/0");
    JsonNode c = json(mock.post("/v2/models/three-way/infer", infer("[1,2]", "[5,2]"))).at("/outputs/0");
    assertThat(a.get("shape").toString()).isEqualTo("[1,3]");
    assertThat(b.get("data")).isEqualTo(a.get("data"));
    assertThat(c.get("data")).isNotEqualTo(a.get("data"));
  }

  @Test
  void otherModelsEchoTheInputAsFp32() {
    var res = mock.post("/v2/models/echo/infer",
        "{\"inputs\":[{\"name\":\"x\",\"shape\":[3],\"datatype\":\"INT32\",\"data\":[1,2,3]}]}");
    JsonNode out = json(res).at("/outputs/0");
    assertThat(out.get("datatype").asText()).isEqualTo("FP32");
    assertThat(out.get("shape").toString()).isEqualTo("[3]");
    assertThat(out.get("data").toString()).isEqualTo("[1.0,2.0,3.0]");
  }

  @Test
  void metadataAndHealthAnswer() {
    JsonNode meta = mock.getJson("/v2/models/vision");
    assertThat(meta.get("name").asText()).isEqualTo("vision");
    assertThat(meta.at("/outputs/0/shape").toString()).isEqualTo("[-1,10]");
    assertThat(meta.at("/inputs/0/datatype").asText()).isEqualTo("FP32");
    assertThat(mock.get("/v2/health/ready").statusCode()).isEqualTo(200);
    assertThat(mock.getJson("/v2/health/ready").get("ready").asBoolean()).isTrue();
    assertThat(mock.getJson("/v2/models/vision/ready").get("ready").asBoolean()).isTrue();
  }

  @Test
  void dataNotMatchingTheShapeIs400InTheOipErrorShape() {
    var res = mock.post("/v2/models/vision/infer", infer("[1,3]", "[1,2]"));
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(json(res).get("error").isTextual()).isTrue();
  }

  @Test
  void missingInputsIs400InTheOipErrorShape() {
    var res = mock.post("/v2/models/vision/infer", "{\"id\":\"x\"}");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(json(res).get("error").asText()).contains("inputs");
  }
}
