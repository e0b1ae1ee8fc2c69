package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad requests get problem+json answers that say what was wrong. */
class GatewayErrorsSystemTest {
    private static Api api;
    private static byte[] png;

    @BeforeAll
    static void startStack() {
        api = new Api(Stack.get().gatewayUrl());
        png = HeldOutDigits.load(Stack.repoRoot()).values().iterator().next();
    }

    private static void assertProblem(Api.Reply reply, int status, String detailPart) {
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("status").asInt()).isEqualTo(status);
        assertThat(reply.body().path("detail").asText()).contains(detailPart);
    }

    @Test
    void anUnknownPipelineIs404() {
        assertProblem(api.submit("nope", Api.jobBody(Map.of("a", png)), ""), 404, "pipeline 'nope' does not exist");
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(api.submit("digits", "{\"inputs\": [", ""), 400, "not valid JSON");
    }

    @Test
    void aJobWithoutInputsIs400() {
        assertProblem(api.submit("digits", "{\"inputs\": []}", ""), 400, "'inputs' must be a non-empty array");
        assertProblem(api.submit("digits", "{}", ""), 400, "'inputs'");
    }

    @Test
    void anUndecodableImageIs400AndNamesTheInput() {
        String notImage = Base64.getEncoder().encodeToString("hello world, not a picture".getBytes());
        assertProblem(api.submit("digits", "{\"inputs\":[{\"id\":\"x\",\"image\":\"" + notImage + "\"}]}", ""), 400,
                "inputs[0].image is not a PNG or JPEG");
        assertProblem(api.submit("digits", "{\"inputs\":[{\"id\":\"x\",\"image\":\"@@@\"}]}", ""), 400,
                "inputs[0].image is not valid base64");
        byte[] truncated = java.util.Arrays.copyOf(png, 12);
        assertProblem(api.submit("digits", Api.jobBody(Map.of("t", truncated)), ""), 400, "inputs[0].image");
    }

    @Test
    void aBodyAboveWhatOneRecordCanCarryIs413BeforeItIsRead() {
        long limit = io.braid.common.wire.RecordLimits.maxBodyBytes(Stack.MAX_RECORD_BYTES);
        String big = "{\"inputs\":[{\"id\":\"a\",\"image\":\"" + "A".repeat((int) limit + 10) + "\"}]}";
        assertProblem(api.submit("digits", big, ""), 413, "the limit is " + limit + " bytes");
        assertProblem(api.submit("digits", big, ""), 413, "braid.max-record-bytes=" + Stack.MAX_RECORD_BYTES);
    }

    @Test
    void anUnknownJobIs404() {
        assertProblem(api.get("/v1/jobs/00000000-0000-0000-0000-000000000000"), 404, "does not exist");
    }

    @Test
    void thePipelinesAreListedWithTheirBranchesAndPools() {
        Api.Reply reply = api.get("/v1/pipelines");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode digits = null;
        for (JsonNode p : reply.body().path("pipelines")) {
            if (p.path("name").asText().equals("digits")) {
                digits = p;
            }
        }
        assertThat(digits).isNotNull();
        assertThat(Api.JSON.convertValue(digits.path("branches").findValuesAsText("name"), List.class))
                .containsExactly("mlp", "cnn", "lenet");
        assertThat(digits.path("branches").findValuesAsText("pool")).contains("cpu-small", "cpu-large");
        assertThat(digits.path("reducer").asText()).isEqualTo("mean");
    }

    @Test
    void aWaitThatOutlastsSeveralReadsStillAnswersWithTheFinishedJob() {
        Map<String, byte[]> many = new java.util.LinkedHashMap<>();
        HeldOutDigits.load(Stack.repoRoot()).entrySet().stream().limit(40).forEach(e -> many.put(e.getKey(), e.getValue()));
        Api.Reply reply = api.submit("digits-deadline", Api.jobBody(many), "?wait=30");
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        assertThat(reply.body().path("status").asText()).isIn("SUCCEEDED", "PARTIAL", "EXPIRED");
        assertThat(reply.location()).endsWith("/v1/jobs/" + reply.body().path("jobId").asText());
    }

    @Test
    void aWaitThatRunsOutAnswers202WithTheJobStillRunning() {
        Map<String, byte[]> many = new java.util.LinkedHashMap<>();
        HeldOutDigits.load(Stack.repoRoot()).entrySet().stream().limit(60).forEach(e -> many.put(e.getKey(), e.getValue()));
        Api.Reply reply = api.submit("digits-first", "{\"deadlineMs\":60000," + Api.jobBody(many).substring(1), "?wait=0.05");
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(202);
        assertThat(reply.body().path("status").asText()).isIn("QUEUED", "RUNNING");
    }

    @Test
    void waitReturnsTheFinishedJobWith200() {
        Api.Reply reply = api.submit("digits", Api.jobBody(Map.of("one", png)), "?wait=30");
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        assertThat(reply.body().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(reply.body().path("result").path("items").get(0).path("branches").size()).isEqualTo(3);
        assertThat(reply.body().path("timings").path("durationMs").asLong()).isPositive();
    }
}
