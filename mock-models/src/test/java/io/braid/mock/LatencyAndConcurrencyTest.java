package io.braid.mock;

import static io.braid.mock.MockClient.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyAndConcurrencyTest {
  @TempDir static Path dir;
  static MockClient mock;

  @BeforeAll
  static void start() {
    mock = MockClient.start(dir, """
        models:
          slow: {latency: {fixedMs: 200}}
          held: {latency: {fixedMs: 1000}}
          ranged: {latency: {uniform: [100, 150]}}
          default: {latency: {fixedMs: 0}}
        """);
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @BeforeEach
  void reset() {
    assertThat(mock.post("/stats/reset", "").statusCode()).isEqualTo(200);
  }

  @Test
  void fixedLatencyIsHonoured() {
    long start = System.nanoTime();
    var res = mock.post("/v1/chat/completions", chat("slow", null, "hi"));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(200);
  }

  @Test
  void uniformLatencyIsAtLeastItsMinimum() {
    long start = System.nanoTime();
    mock.post("/v1/embeddings", "{\"model\":\"ranged\",\"input\":\"x\"}");
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(100);
  }

  @Test
  void peakInFlightCountsFiftyConcurrentCallsExactly() {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(mock.postAsync("/v1/chat/completions", chat("held", null, "call " + i)));
    }
    calls.forEach(c -> assertThat(c.join().statusCode()).isEqualTo(200));
    JsonNode held = mock.getJson("/stats").get("held");
    assertThat(held.get("calls").asLong()).isEqualTo(50);
    assertThat(held.get("peakInFlight").asInt()).isEqualTo(50);
    MockClient.eventually(java.time.Duration.ofSeconds(5),
        () -> mock.getJson("/stats").at("/held/inFlight").asInt() == 0);
    assertThat(mock.getJson("/stats").at("/held/status/200").asLong()).isEqualTo(50);
  }

  @Test
  void sequentialCallsPeakAtOne() {
    for (int i = 0; i < 5; i++) {
      assertThat(mock.post("/v1/chat/completions", chat("seq", null, "call " + i)).statusCode()).isEqualTo(200);
    }
    JsonNode seq = mock.getJson("/stats").get("seq");
    assertThat(seq.get("calls").asLong()).isEqualTo(5);
    assertThat(seq.get("peakInFlight").asInt()).isEqualTo(1);
    assertThat(seq.get("firstCallAt").asLong()).isPositive().isLessThanOrEqualTo(seq.get("lastCallAt").asLong());
  }

  @Test
  void resetForgetsCountsAndTheCallLog() {
    mock.post("/v1/chat/completions", chat("gone", null, "x"));
    assertThat(mock.getJson("/stats/gone/calls").get("calls")).hasSize(1);
    mock.post("/stats/reset", "");
    JsonNode gone = mock.getJson("/stats").get("gone");
    assertThat(gone.get("calls").asLong()).isZero();
    assertThat(gone.get("peakInFlight").asInt()).isZero();
    assertThat(gone.get("status")).isEmpty();
    assertThat(gone.get("firstCallAt").isNull()).isTrue();
    assertThat(mock.getJson("/stats/gone/calls").get("calls")).isEmpty();
  }

  @Test
  void callLogKeepsArrivalStatusAndClient() {
    var res = mock.post("/v1/chat/completions", chat("logged", null, "x"));
    assertThat(res.statusCode()).isEqualTo(200);
    JsonNode entry = mock.getJson("/stats/logged/calls").get("calls").get(0);
    assertThat(entry.get("status").asText()).isEqualTo("200");
    assertThat(entry.get("arrivalMs").asLong()).isPositive().isLessThanOrEqualTo(entry.get("endMs").asLong());
    assertThat(entry.get("client").asText()).isNotBlank();
  }
}
