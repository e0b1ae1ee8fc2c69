package io.braid.mock;

import static io.braid.mock.MockClient.chat;
import static io.braid.mock.MockClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultsTest {
  @TempDir static Path dir;
  static MockClient mock;

  @BeforeAll
  static void start() {
    mock = MockClient.start(dir, """
        models:
          limited:
            faults: [{type: 429, retryAfterS: 2, forMs: 1500}]
          broken-twice:
            faults: [{type: "500", calls: [0, 2]}]
          staller:
            faults: [{type: stall, ms: 400}]
          hanger:
            faults: [{type: stall, ms: 300, then: close}]
          sticky:
            faults: [{type: stall, ms: 30000}]
          dropper:
            faults: [{type: close}]
          always:
            faults: [{type: "429", rate: 1.0}]
          never:
            faults: [{type: "429", rate: 0.0}]
        """);
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @Test
  void rateLimitedForMsWithRetryAfterThenAnswers() {
    long start = System.currentTimeMillis();
    HttpResponse<String> first = mock.post("/v1/chat/completions", chat("limited", null, "x"));
    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
    JsonNode error = json(first).get("error");
    assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(error.get("type").asText()).isEqualTo("requests");
    assertThat(error.get("message").asText()).isNotBlank();
    AtomicReference<Long> okAt = new AtomicReference<>();
    MockClient.eventually(Duration.ofSeconds(10), () -> {
      if (mock.post("/v1/chat/completions", chat("limited", null, "x")).statusCode() == 200) {
        okAt.set(System.currentTimeMillis());
        return true;
      }
      return false;
    });
    assertThat(okAt.get() - start).isGreaterThanOrEqualTo(1500);
    JsonNode calls = mock.getJson("/stats/limited/calls").get("calls");
    assertThat(calls.get(0).get("status").asText()).isEqualTo("429");
    assertThat(calls.get(calls.size() - 1).get("status").asText()).isEqualTo("200");
  }

  @Test
  void callsRangeFailsExactlyThoseCalls() {
    assertThat(mock.post("/v1/chat/completions", chat("broken-twice", null, "x")).statusCode()).isEqualTo(500);
    HttpResponse<String> second = mock.post("/v1/chat/completions", chat("broken-twice", null, "x"));
    assertThat(second.statusCode()).isEqualTo(500);
    assertThat(json(second).at("/error/type").asText()).isEqualTo("server_error");
    assertThat(mock.post("/v1/chat/completions", chat("broken-twice", null, "x")).statusCode()).isEqualTo(200);
    assertThat(mock.getJson("/stats").at("/broken-twice/status/500").asLong()).isEqualTo(2);
  }

  @Test
  void stallHoldsTheAnswerForItsMs() {
    long start = System.nanoTime();
    HttpResponse<String> res = mock.post("/v1/chat/completions", chat("staller", null, "x"));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
  }

  @Test
  void stallThenCloseDropsTheConnectionAfterItsMs() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> mock.post("/v1/chat/completions", chat("hanger", null, "x")))
        .hasRootCauseInstanceOf(java.io.IOException.class);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    assertThat(mock.getJson("/stats").at("/hanger/status/close").asLong()).isEqualTo(1);
  }

  @Test
  void aClientGivingUpOnAStallIsNoLongerInFlightAndCountsAsAborted() {
    assertThatThrownBy(() -> mock.postAsync("/v1/chat/completions", chat("sticky", null, "x"),
        Duration.ofMillis(300)).join()).hasRootCauseInstanceOf(java.net.http.HttpTimeoutException.class);
    MockClient.eventually(Duration.ofSeconds(10),
        () -> mock.getJson("/stats").at("/sticky/status/aborted").asLong() == 1);
    assertThat(mock.getJson("/stats").at("/sticky/inFlight").asInt()).isZero();
    assertThat(mock.getJson("/stats").at("/sticky/peakInFlight").asInt()).isEqualTo(1);
  }

  @Test
  void closeDropsTheConnectionWithoutAnAnswer() {
    assertThatThrownBy(() -> mock.post("/v1/chat/completions", chat("dropper", null, "x")))
        .hasRootCauseInstanceOf(java.io.IOException.class);
    MockClient.eventually(Duration.ofSeconds(5), () -> mock.getJson("/stats").at("/dropper/inFlight").asInt() == 0);
  }

  @Test
  void rateOneAlwaysAppliesAndRateZeroNever() {
    for (int i = 0; i < 5; i++) {
      assertThat(mock.post("/v1/embeddings", "{\"model\":\"always\",\"input\":\"x\"}").statusCode()).isEqualTo(429);
      assertThat(mock.post("/v1/embeddings", "{\"model\":\"never\",\"input\":\"x\"}").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void adminPutChangesARunningModelsBehaviour() {
    assertThat(mock.post("/v2/models/switched/infer", OipTest.infer("[1]", "[1]")).statusCode()).isEqualTo(200);
    HttpResponse<String> put = mock.put("/admin/models/switched", "{\"faults\":[{\"type\":\"500\"}]}");
    assertThat(put.statusCode()).isEqualTo(200);
    HttpResponse<String> failed = mock.post("/v2/models/switched/infer", OipTest.infer("[1]", "[1]"));
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(json(failed).get("error").isTextual()).isTrue();
    assertThat(mock.getJson("/admin/models").at("/models/switched/faults/0/type").asText()).isEqualTo("500");
    assertThat(mock.put("/admin/models/switched", "{}").statusCode()).isEqualTo(200);
    assertThat(mock.post("/v2/models/switched/infer", OipTest.infer("[1]", "[1]")).statusCode()).isEqualTo(200);
  }

  @Test
  void adminPutOfAPatternAppliesToEveryMatchingName() {
    assertThat(mock.put("/admin/models/flaky-*", "{\"faults\":[{\"type\":\"429\",\"retryAfterS\":7}]}")
        .statusCode()).isEqualTo(200);
    HttpResponse<String> res = mock.post("/v1/chat/completions", chat("flaky-a", null, "x"));
    assertThat(res.statusCode()).isEqualTo(429);
    assertThat(res.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(mock.post("/v1/chat/completions", chat("flaky-b", null, "x")).statusCode()).isEqualTo(429);
  }

  @Test
  void adminPutWithAnInvalidBehaviourIs400AndChangesNothing() {
    HttpResponse<String> res = mock.put("/admin/models/never", "{\"faults\":[{\"type\":\"418\"}]}");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(json(res).at("/error/message").asText()).contains("418");
    assertThat(mock.post("/v1/embeddings", "{\"model\":\"never\",\"input\":\"x\"}").statusCode()).isEqualTo(200);
  }
}
