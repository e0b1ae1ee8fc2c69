package io.braid.mock;

import static io.braid.mock.MockClient.chat;
import static io.braid.mock.MockClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatCompletionsTest {
  @TempDir static Path dir;
  static MockClient mock;

  @BeforeAll
  static void start() {
    mock = MockClient.start(dir, "models:\n  capped: {maxTokens: 3}\n");
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @Test
  void answerHasTheOpenAiChatCompletionShape() {
    var res = mock.post("/v1/chat/completions", chat("gpt-mock", "be brief", "What is Kafka?"));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = json(res);
    assertThat(body.get("id").asText()).startsWith("chatcmpl-");
    assertThat(body.get("object").asText()).isEqualTo("chat.completion");
    assertThat(body.get("created").asLong()).isPositive();
    assertThat(body.get("model").asText()).isEqualTo("gpt-mock");
    JsonNode choice = body.get("choices").get(0);
    assertThat(choice.get("index").asInt()).isZero();
    assertThat(choice.at("/message/role").asText()).isEqualTo("assistant");
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    String content = choice.at("/message/content").asText();
    assertThat(content).matches("\\[gpt-mock] [0-9a-f]{8}: What is Kafka\\?");
    JsonNode usage = body.get("usage");
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(2 + 3);
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(content.split("\\s+").length);
    assertThat(usage.get("total_tokens").asInt())
        .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
  }

  @Test
  void sameRequestGivesTheSameAnswer() {
    String req = chat("gpt-mock", "system A", "Tell me about parallel pipelines.");
    JsonNode first = json(mock.post("/v1/chat/completions", req));
    JsonNode second = json(mock.post("/v1/chat/completions", req));
    assertThat(second.get("choices")).isEqualTo(first.get("choices"));
    assertThat(second.get("id")).isEqualTo(first.get("id"));
  }

  @Test
  void differentSystemPromptGivesADifferentAnswer() {
    String a = content(json(mock.post("/v1/chat/completions", chat("gpt-mock", "system A", "same question"))));
    String b = content(json(mock.post("/v1/chat/completions", chat("gpt-mock", "system B", "same question"))));
    assertThat(a).isNotEqualTo(b);
    assertThat(a).endsWith(": same question");
    assertThat(b).endsWith(": same question");
  }

  @Test
  void echoIsTheFirst200CharactersOfTheLastUserMessage() {
    String longText = "x".repeat(500);
    String content = content(json(mock.post("/v1/chat/completions", chat("gpt-mock", null, longText))));
    assertThat(content.substring(content.indexOf(": ") + 2)).isEqualTo("x".repeat(200));
  }

  @Test
  void maxTokensBelowTheAnswerCutsItAndFinishesWithLength() {
    String req = "{\"model\":\"gpt-mock\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}";
    JsonNode body = json(mock.post("/v1/chat/completions", req));
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(content(body).split(" ")).hasSize(2);
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(2);
  }

  @Test
  void modelsMaxTokensIsTheDefaultCap() {
    JsonNode body = json(mock.post("/v1/chat/completions", chat("capped", null, "a b c d e f")));
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void contentGivenAsTextPartsIsRead() {
    String req = "{\"model\":\"gpt-mock\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"text\",\"text\":\"from parts\"}]}]}";
    assertThat(content(json(mock.post("/v1/chat/completions", req)))).endsWith(": from parts");
  }

  @Test
  void plannerMarkerAnswersAJsonArrayWithOneSubtaskPerSentence() throws Exception {
    String user = "Find flights to Oslo. Book a hotel?  Rent a car! Then relax";
    String content = content(json(mock.post("/v1/chat/completions",
        chat("planner", "You plan. Answer PLAN-JSON only.", user))));
    List<String> tasks = new ArrayList<>();
    MockClient.JSON.readTree(content).forEach(t -> tasks.add(t.asText()));
    assertThat(tasks).containsExactly("subtask 1: Find flights to Oslo", "subtask 2: Book a hotel",
        "subtask 3: Rent a car", "subtask 4: Then relax");
  }

  @Test
  void plannerGivesAtMost20Subtasks() throws Exception {
    String user = "Do it. ".repeat(30);
    String content = content(json(mock.post("/v1/chat/completions", chat("planner", "PLAN-JSON", user))));
    assertThat(MockClient.JSON.readTree(content)).hasSize(20);
    assertThat(content).isEqualTo(
        content(json(mock.post("/v1/chat/completions", chat("planner", "PLAN-JSON", user)))));
  }

  @Test
  void plannerUnderATokenCapDropsWholeSubtasksAndStaysValidJson() throws Exception {
    String req = "{\"model\":\"planner\",\"max_tokens\":8,\"messages\":[{\"role\":\"system\",\"content\":\"PLAN-JSON\"},"
        + "{\"role\":\"user\",\"content\":\"Step one. Step two. Step three.\"}]}";
    JsonNode body = json(mock.post("/v1/chat/completions", req));
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    JsonNode tasks = MockClient.JSON.readTree(content(body));
    assertThat(tasks.isArray()).isTrue();
    assertThat(tasks.size()).isBetween(1, 2);
    assertThat(body.at("/usage/completion_tokens").asInt()).isLessThanOrEqualTo(8);
  }

  private static String content(JsonNode body) {
    return body.at("/choices/0/message/content").asText();
  }
}
