package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Http models in the io pool against the mock model server, a separate process: each protocol end to end, the
 * concurrency cap seen from the remote side, retries that honour Retry-After, per-call timeouts, typed outcomes at the
 * deadline, and the circuit breaker opening, failing fast and closing after a probe.
 */
class RemoteModelsSystemTest {
    private static final String CAPPED = "capped-chat";
    private static final String NORMAL = "{\"latency\":{\"fixedMs\":100}}";
    private static Api api;
    private static MockModels mock;

    @BeforeAll
    static void startStack() {
        api = new Api(Stack.get().gatewayUrl());
        mock = new MockModels(Stack.get().mockModelsUrl());
    }

    /** The model answers normally again, and its breaker (open after a test that failed it) has closed. */
    @AfterEach
    void normal() throws InterruptedException {
        mock.set(CAPPED, NORMAL);
        JsonNode job = Api.poll(RemoteModelsSystemTest::probe, j -> j.path("status").asText().equals("SUCCEEDED"),
                Duration.ofSeconds(30));
        assertThat(job.path("status").asText()).as("capped-chat recovers: " + job).isEqualTo("SUCCEEDED");
    }

    private static JsonNode probe() {
        try {
            return api.run("capped", texts(1, "probe"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String texts(int n, String prefix) {
        return texts(n, prefix, 0);
    }

    /** A job of {@code n} text questions; {@code deadlineMs} when positive. */
    static String texts(int n, String prefix, long deadlineMs) {
        ObjectNode body = Api.JSON.createObjectNode();
        if (deadlineMs > 0) {
            body.put("deadlineMs", deadlineMs);
        }
        ArrayNode inputs = body.putArray("inputs");
        for (int i = 0; i < n; i++) {
            inputs.addObject().put("id", "q" + i).put("text", prefix + " question " + i + "?");
        }
        return body.toString();
    }

    private static JsonNode branch(JsonNode job, int item, String branch) {
        return job.path("result").path("items").path(item).path("branches").path(branch);
    }

    @Test
    void aChatBranchAnswersTheRenderedPromptWithTokenUsage() throws InterruptedException {
        JsonNode job = api.run("capped", texts(2, "chat"));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode out = branch(job, 1, "answer").path("output");
        assertThat(out.path("text").asText()).startsWith("[capped-chat]").contains("Answer briefly: chat question 1?");
        assertThat(out.path("usage").path("totalTokens").asLong()).isPositive();
        assertThat(out.path("finishReason").asText()).isEqualTo("stop");
    }

    @Test
    void anEmbeddingsBranchGivesEachItemAUnitVectorFromBatchedCalls() throws InterruptedException {
        mock.resetStats();
        JsonNode job = api.run("embed", texts(20, "embed"));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        for (int i = 0; i < 20; i++) {
            JsonNode v = branch(job, i, "embedding").path("output").path("vector");
            assertThat(v.size()).isEqualTo(8);
            double norm = 0;
            for (JsonNode x : v) {
                norm += x.asDouble() * x.asDouble();
            }
            assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(mock.stats("embedder").path("calls").asLong()).as("20 items in calls of at most 16").isBetween(2L, 20L);
    }

    @Test
    void anOipV2BranchIsAveragedWithTheLocalModels() throws InterruptedException {
        Map<String, byte[]> one = Map.of("d", HeldOutDigits.load(Stack.repoRoot()).values().iterator().next());
        JsonNode job = api.run("mixed", Api.jobBody(one));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode vision = branch(job, 0, "vision");
        assertThat(vision.path("status").asText()).isEqualTo("ok");
        assertThat(vision.path("output").path("probabilities").size()).isEqualTo(10);
        assertThat(job.path("result").path("items").path(0).path("reducer").asText()).isEqualTo("mean");
    }

    @Test
    void aTextPipelineIsServedOverOipV2AsATritonClientWouldCallIt() {
        String body = "{\"inputs\":[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[2],"
                + "\"data\":[\"first?\",\"second?\"]}]}";
        Api.Reply reply = api.post("/v2/models/capped/infer", body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        JsonNode text = reply.body().path("outputs").path(0);
        assertThat(text.path("name").asText()).isEqualTo("text");
        assertThat(text.path("datatype").asText()).isEqualTo("BYTES");
        assertThat(text.path("data").path(0).asText()).contains("Answer briefly: first?");
        assertThat(text.path("data").path(1).asText()).contains("Answer briefly: second?");
    }

    @Test
    void theRemoteNeverSeesMoreCallsInFlightThanTheModelsCap() throws InterruptedException {
        mock.set(CAPPED, "{\"latency\":{\"fixedMs\":300}}");
        mock.resetStats();
        JsonNode job = api.run("capped", texts(64, "cap"));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode stats = mock.stats(CAPPED);
        assertThat(stats.path("calls").asLong()).isEqualTo(64);
        assertThat(stats.path("peakInFlight").asLong()).as("maxConcurrency 16").isBetween(2L, 16L);
    }

    @Test
    void a429IsRetriedNoEarlierThanItsRetryAfterAndTheItemSucceeds() throws InterruptedException {
        mock.set(CAPPED, "{\"latency\":{\"fixedMs\":20},\"faults\":[{\"type\":\"429\",\"retryAfterS\":1,\"forMs\":1500}]}");
        mock.resetStats();
        JsonNode job = api.run("capped", texts(4, "storm"));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        Map<String, List<JsonNode>> calls = mock.callsByClient(CAPPED);
        long throttled = 0;
        for (List<JsonNode> attempts : calls.values()) {
            for (int i = 1; i < attempts.size(); i++) {
                JsonNode before = attempts.get(i - 1);
                if (before.path("status").asText().equals("429")) {
                    throttled++;
                    // answered at once: the client read the 429 after it arrived, and waits 1 s from then
                    assertThat(attempts.get(i).path("arrivalMs").asLong() - before.path("arrivalMs").asLong())
                            .as("retry after a 429 with Retry-After: 1").isGreaterThanOrEqualTo(1000);
                }
            }
            assertThat(attempts.get(attempts.size() - 1).path("status").asText()).isEqualTo("200");
        }
        assertThat(throttled).as("calls that were throttled and retried").isPositive();
    }

    @Test
    void aStalledCallIsCutAtItsTimeoutAndRetried() throws InterruptedException {
        mock.set(CAPPED, "{\"latency\":{\"fixedMs\":20},\"faults\":[{\"type\":\"stall\",\"ms\":30000,\"calls\":[0,1]}]}");
        mock.resetStats();
        JsonNode job = api.run("capped", texts(1, "stall"));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(branch(job, 0, "answer").path("latencyMs").asLong()).as("one 1 s timeout, then an answer")
                .isBetween(1000L, 20_000L);
    }

    @Test
    void aRemoteThatNeverAnswersEndsTheBranchAtTheDeadlineWithATypedOutcome() throws InterruptedException {
        mock.set(CAPPED, "{\"faults\":[{\"type\":\"stall\",\"ms\":60000}]}");
        long start = System.currentTimeMillis();
        JsonNode job = api.run("capped", texts(1, "late", 2500));
        assertThat(System.currentTimeMillis() - start).as("ended by the deadline, not the stall").isLessThan(30_000);
        assertThat(job.path("status").asText()).as(job.toString()).isIn("PARTIAL", "FAILED", "EXPIRED");
        JsonNode answer = branch(job, 0, "answer");
        assertThat(answer.path("status").asText()).isIn("timeout", "error");
        if (answer.path("status").asText().equals("error")) {
            assertThat(answer.path("error").path("code").asText()).isEqualTo("DEADLINE_EXCEEDED");
        }
    }

    @Test
    void failuresOpenTheBreakerWhichFailsFastUntilAProbeSucceeds() throws InterruptedException {
        mock.set(CAPPED, "{\"faults\":[{\"type\":\"500\"}]}");
        JsonNode failed = api.run("capped", texts(1, "down"));
        JsonNode error = branch(failed, 0, "answer").path("error");
        assertThat(error.path("code").asText()).as(failed.toString()).isEqualTo("UNAVAILABLE");
        // while open, calls fail fast without reaching the remote
        mock.resetStats();
        JsonNode fast = api.run("capped", texts(1, "fast"));
        assertThat(branch(fast, 0, "answer").path("error").path("message").asText()).contains("circuit");
        assertThat(mock.stats(CAPPED).path("calls").asLong()).as("at most one half-open probe").isLessThanOrEqualTo(1);
        // the remote recovers: after the open time (2 s) a probe goes through and closes the breaker
        mock.set(CAPPED, NORMAL);
        JsonNode recovered = Api.poll(RemoteModelsSystemTest::probe, job -> job.path("status").asText().equals("SUCCEEDED"),
                Duration.ofSeconds(20));
        assertThat(recovered.path("status").asText()).as(recovered.toString()).isEqualTo("SUCCEEDED");
    }
}
