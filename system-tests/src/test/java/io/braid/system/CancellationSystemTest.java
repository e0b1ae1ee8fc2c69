package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.DevStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** DELETE cancels running work; a finished job is left as it is; Idempotency-Key returns the same job. */
class CancellationSystemTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DevStack stack;
    private static Api api;

    @BeforeAll
    static void startStack() throws InterruptedException {
        stack = Stack.get();
        api = new Api(stack.gatewayUrl());
        JoinPoliciesSystemTest.startStack();
    }

    private static HttpResponse<String> delete(String jobId) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs/" + jobId))
                        .header("Authorization", "Bearer " + stack.apiKey()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void deletingARunningJobCancelsItAndItsRemainingWorkIsSkipped() throws Exception {
        String largePool = stack.service("inference-cpu-large").managementUrl();
        double skippedBefore = Metrics.sum(largePool, "braid_stage_tasks_total", "result=\"skipped\"")
                + Metrics.sum(largePool, "braid_inference_skipped_total");
        String body = "{\"deadlineMs\":60000," + Api.jobBody(JoinPoliciesSystemTest.images(80, 0)).substring(1);
        Api.Reply accepted = api.submit("digits-deadline", body, "");
        String jobId = accepted.body().path("jobId").asText();
        JsonNode running = Api.poll(() -> api.get("/v1/jobs/" + jobId).body(),
                j -> !j.path("status").asText().equals("QUEUED"), Duration.ofSeconds(30));
        assertThat(running.path("status").asText()).as("the job started before it is cancelled").isEqualTo("RUNNING");
        HttpResponse<String> cancelled = delete(jobId);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isIn(200, 202);
        JsonNode job = api.awaitTerminal(jobId, Duration.ofSeconds(30));
        assertThat(job.path("status").asText()).isEqualTo("CANCELLED");
        long heavyCancelled = 0;
        for (JsonNode item : job.path("result").path("items")) {
            assertThat(item.path("branches").size()).isEqualTo(3);
            if (item.path("branches").path("heavy").path("status").asText().equals("cancelled")) {
                heavyCancelled++;
            }
        }
        assertThat(heavyCancelled).as("heavy branches that never ran").isPositive();
        // the pool drains the cancelled job's queued work after the job ended: poll until it counts a skip
        double skippedAfter = Api.poll(() -> Metrics.sum(largePool, "braid_stage_tasks_total", "result=\"skipped\"")
                + Metrics.sum(largePool, "braid_inference_skipped_total"), n -> n > skippedBefore, Duration.ofSeconds(60));
        assertThat(skippedAfter - skippedBefore).isPositive();
        assertThat(api.get("/v1/jobs/" + jobId).body().path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void deletingAFinishedJobChangesNothingAndSaysSo() throws Exception {
        Api.Reply done = api.submit("digits", Api.jobBody(JoinPoliciesSystemTest.images(1, 5)), "?wait=30");
        assertThat(done.body().path("status").asText()).isEqualTo("SUCCEEDED");
        String jobId = done.body().path("jobId").asText();
        HttpResponse<String> reply = delete(jobId);
        assertThat(reply.statusCode()).isEqualTo(409);
        assertThat(reply.body()).contains("already finished SUCCEEDED");
        assertThat(api.get("/v1/jobs/" + jobId).body().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(delete("no-such-job").statusCode()).isEqualTo(404);
    }

    @Test
    void theSameIdempotencyKeyAndBodyReturnTheSameJobAndADifferentBodyIsAConflict() {
        String key = "idem-" + System.nanoTime();
        String body = Api.jobBody(JoinPoliciesSystemTest.images(2, 7));
        Api.Reply first = api.submitWithKey("digits", body, key);
        Api.Reply again = api.submitWithKey("digits", body, key);
        assertThat(first.status()).isIn(200, 202);
        assertThat(again.body().path("jobId").asText()).isEqualTo(first.body().path("jobId").asText());
        Api.Reply other = api.submitWithKey("digits", Api.jobBody(JoinPoliciesSystemTest.images(2, 9)), key);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body().path("detail").asText()).contains("different request");
    }

    @Test
    void concurrentSubmitsWithOneIdempotencyKeyCreateAndEnqueueExactlyOneJob() throws Exception {
        String key = "race-" + System.nanoTime();
        String body = Api.jobBody(JoinPoliciesSystemTest.images(1, 3));
        String dispatcher = stack.service("dispatcher").managementUrl();
        double startedBefore = Metrics.sum(dispatcher, "braid_jobs_started_total", "redelivered=\"false\"");
        java.util.List<java.util.concurrent.CompletableFuture<Api.Reply>> replies = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            replies.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> api.submitWithKey("digits", body, key)));
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var reply : replies) {
            assertThat(reply.get().status()).isIn(200, 202);
            ids.add(reply.get().body().path("jobId").asText());
        }
        assertThat(ids).as("one job for the key").hasSize(1);
        JsonNode job = api.awaitTerminal(ids.iterator().next(), Duration.ofSeconds(60));
        assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Metrics.sum(dispatcher, "braid_jobs_started_total", "redelivered=\"false\"") - startedBefore)
                .as("jobs the dispatcher started").isEqualTo(1.0);
    }
}
