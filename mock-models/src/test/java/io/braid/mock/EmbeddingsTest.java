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

class EmbeddingsTest {
  @TempDir static Path dir;
  static MockClient mock;

  @BeforeAll
  static void start() {
    mock = MockClient.start(dir, "models:\n  wide: {dimensions: 32}\n");
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @Test
  void answerHasTheOpenAiEmbeddingsShapeWithEightDimensionsByDefault() {
    var res = mock.post("/v1/embeddings", "{\"model\":\"embedder\",\"input\":\"hello world\"}");
    assertThat(res.statusCode()).isEqualTo(200);
    JsonNode body = json(res);
    assertThat(body.get("object").asText()).isEqualTo("list");
    assertThat(body.get("model").asText()).isEqualTo("embedder");
    JsonNode e = body.get("data").get(0);
    assertThat(e.get("object").asText()).isEqualTo("embedding");
    assertThat(e.get("index").asInt()).isZero();
    assertThat(e.get("embedding")).hasSize(8);
    assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(2);
    assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(2);
  }

  @Test
  void vectorsAreL2NormalisedWithTheConfiguredDimension() {
    JsonNode body = json(mock.post("/v1/embeddings", "{\"model\":\"wide\",\"input\":[\"a\",\"b\",\"c\"]}"));
    assertThat(body.get("data")).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode v = body.get("data").get(i).get("embedding");
      assertThat(body.get("data").get(i).get("index").asInt()).isEqualTo(i);
      assertThat(v).hasSize(32);
      double norm = 0;
      for (JsonNode x : v) {
        norm += x.asDouble() * x.asDouble();
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void sameTextGivesTheSameVectorAndDifferentTextsDiffer() {
    JsonNode a = json(mock.post("/v1/embeddings", "{\"model\":\"embedder\",\"input\":[\"same\",\"other\"]}"));
    JsonNode b = json(mock.post("/v1/embeddings", "{\"model\":\"embedder\",\"input\":\"same\"}"));
    assertThat(b.at("/data/0/embedding")).isEqualTo(a.at("/data/0/embedding"));
    assertThat(a.at("/data/1/embedding")).isNotEqualTo(a.at("/data/0/embedding"));
  }

  @Test
  void requestDimensionsOverrideTheModels() {
    JsonNode body = json(mock.post("/v1/embeddings", "{\"model\":\"wide\",\"input\":\"x\",\"dimensions\":5}"));
    assertThat(body.at("/data/0/embedding")).hasSize(5);
  }

  @Test
  void inputThatIsNeitherStringNorStringsIs400() {
    var res = mock.post("/v1/embeddings", "{\"model\":\"embedder\",\"input\":[1,2]}");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(json(res).at("/error/type").asText()).isEqualTo("invalid_request_error");
  }
}
