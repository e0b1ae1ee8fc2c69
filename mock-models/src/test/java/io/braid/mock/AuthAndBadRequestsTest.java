package io.braid.mock;

import static io.braid.mock.MockClient.chat;
import static io.braid.mock.MockClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthAndBadRequestsTest {
  @TempDir static Path dir;
  static MockClient keyed;
  static MockClient open;

  @BeforeAll
  static void start() {
    keyed = MockClient.start(dir, "models: {}\n", "sk-test");
    open = MockClient.start(dir, "models: {}\n");
  }

  @AfterAll
  static void stop() {
    keyed.close();
    open.close();
  }

  @Test
  void withAKeyConfiguredACallWithoutItIs401InTheOpenAiErrorShape() {
    HttpResponse<String> res = keyed.post("/v1/chat/completions", chat("nokey", null, "x"));
    assertThat(res.statusCode()).isEqualTo(401);
    JsonNode error = json(res).get("error");
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
    assertThat(keyed.getJson("/stats").at("/nokey/status/401").asLong()).isEqualTo(1);
  }

  @Test
  void withTheRightBearerKeyTheCallIsAnswered() {
    MockClient withKey = keyedWith("sk-test");
    assertThat(withKey.post("/v1/chat/completions", chat("m", null, "x")).statusCode()).isEqualTo(200);
    assertThat(withKey.post("/v2/models/m/infer", OipTest.infer("[1]", "[2]")).statusCode()).isEqualTo(200);
  }

  @Test
  void aWrongKeyIs401AndOipGetsItsOwnErrorShape() {
    HttpResponse<String> res = keyedWith("sk-wrong").post("/v2/models/m/infer", OipTest.infer("[1]", "[2]"));
    assertThat(res.statusCode()).isEqualTo(401);
    assertThat(json(res).get("error").isTextual()).isTrue();
  }

  @Test
  void healthStatsAndAdminNeedNoKey() {
    assertThat(keyed.get("/v2/health/ready").statusCode()).isEqualTo(200);
    assertThat(keyed.get("/stats").statusCode()).isEqualTo(200);
    assertThat(keyed.get("/admin/models").statusCode()).isEqualTo(200);
  }

  @Test
  void malformedJsonIs400InTheOpenAiErrorShape() {
    HttpResponse<String> res = open.post("/v1/chat/completions", "{\"model\": ");
    assertThat(res.statusCode()).isEqualTo(400);
    JsonNode error = json(res).get("error");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("message").asText()).isNotBlank();
  }

  @Test
  void missingModelIs400() {
    HttpResponse<String> res = open.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(json(res).at("/error/message").asText()).contains("model");
  }

  @Test
  void missingMessagesIs400AndCountedForTheModel() {
    HttpResponse<String> res = open.post("/v1/chat/completions", "{\"model\":\"nomsg\"}");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(json(res).at("/error/message").asText()).contains("messages");
    assertThat(open.getJson("/stats").at("/nomsg/status/400").asLong()).isEqualTo(1);
  }

  @Test
  void malformedOipBodyIs400InTheOipErrorShape() {
    HttpResponse<String> res = open.post("/v2/models/v/infer", "not json");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(json(res).get("error").isTextual()).isTrue();
  }

  @Test
  void unknownRouteIs404AndWrongMethodIs405() {
    assertThat(open.get("/v1/nothing").statusCode()).isEqualTo(404);
    assertThat(open.get("/v1/chat/completions").statusCode()).isEqualTo(405);
  }

  private static MockClient keyedWith(String key) {
    return keyed.withKey(key);
  }
}
