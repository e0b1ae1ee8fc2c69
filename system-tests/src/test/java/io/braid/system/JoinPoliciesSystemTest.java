package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.DevStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Join policies on the running stack: quorum, first-wins with cancelled losers, tolerated failures, deadlines. */
class JoinPoliciesSystemTest {
    private static DevStack stack;
    private static Api api;
    private static Map<String, byte[]> digits;

    @BeforeAll
    static synchronized void startStack() throws InterruptedException {
        if (api != null) {
            return;
        }
        stack = Stack.get();
        api = new Api(stack.gatewayUrl());
        digits = HeldOutDigits.load(Stack.repoRoot());
        // warm every pool's consumers up once, so the short deadlines below measure work, not start-up
        runWithDeadline("digits-deadline", images(4, 0), 60_000);
        runWithDeadline("digits-tolerant", images(2, 0), 60_000);
    }

    static Map<String, byte[]> images(int n, int offset) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        digits.entrySet().stream().skip(offset).limit(n).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static JsonNode runWithDeadline(String pipeline, Map<String, byte[]> images, long deadlineMs)
            throws InterruptedException {
        return await(api.submit(pipeline, "{\"deadlineMs\":" + deadlineMs + "," + Api.jobBody(images).substring(1), ""));
    }

    static JsonNode run(String pipeline, Map<String, byte[]> images, String query) throws InterruptedException {
        return await(api.submit(pipeline, Api.jobBody(images), query));
    }

    private static JsonNode await(Api.Reply accepted) throws InterruptedException {
        assertThat(accepted.status()).as(accepted.body().toString()).isIn(200, 202);
        return api.awaitTerminal(accepted.body().path("jobId").asText(), Duration.ofSeconds(120));
    }

    private static long count(JsonNode job, String branch, String status) {
        long n = 0;
        for (JsonNode item : job.path("result").path("items")) {
            if (item.path("branches").path(branch).path("status").asText().equals(status)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aQuorumJobSucceedsWithAtLeastTwoAnsweringBranchesPerItemAndAVote() throws Exception {
        JsonNode job = run("digits-quorum", images(30, 0), "");
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        for (JsonNode item : job.path("result").path("items")) {
            long ok = List.of("mlp", "cnn", "lenet").stream()
                    .filter(b -> item.path("branches").path(b).path("status").asText().equals("ok")).count();
            assertThat(ok).isGreaterThanOrEqualTo(2);
            assertThat(item.path("reducer").asText()).isEqualTo("vote");
            assertThat(item.path("note").asText()).contains("votes");
            assertThat(item.path("branches").size()).isEqualTo(3);
        }
    }

    @Test
    void firstWinsAndTheSlowBranchQueuedWorkIsSkippedAndCounted() throws Exception {
        String largePool = stack.service("inference-cpu-large").managementUrl();
        double skippedBefore = Metrics.sum(largePool, "braid_stage_tasks_total", "result=\"skipped\"")
                + Metrics.sum(largePool, "braid_inference_skipped_total");
        JsonNode job = run("digits-first", images(60, 30), "");
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(count(job, "mlp", "ok") + count(job, "heavy", "ok")).isGreaterThanOrEqualTo(60);
        assertThat(count(job, "heavy", "cancelled")).isPositive();
        // the skip notices reach the pool while its queued work drains: poll until one is counted
        double skippedAfter = Api.poll(() -> Metrics.sum(largePool, "braid_stage_tasks_total", "result=\"skipped\"")
                + Metrics.sum(largePool, "braid_inference_skipped_total"), n -> n > skippedBefore, Duration.ofSeconds(60));
        assertThat(skippedAfter - skippedBefore).as("heavy-cnn work skipped after the MLP answered").isPositive();
    }

    @Test
    void aToleratedFailingBranchGivesPartialWithTheOthersMeanAndATypedError() throws Exception {
        JsonNode job = run("digits-tolerant", images(10, 100), "");
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("PARTIAL");
        for (JsonNode item : job.path("result").path("items")) {
            assertThat(item.path("status").asText()).isEqualTo("partial");
            assertThat(item.path("output").path("label").asText()).isNotEmpty();
            JsonNode gap = item.path("branches").path("gap");
            assertThat(gap.path("status").asText()).isEqualTo("error");
            assertThat(gap.path("error").path("code").asText()).isEqualTo("INFERENCE_FAILED");
            assertThat(gap.path("error").path("message").asText()).contains("32x32");
            assertThat(gap.path("attempts").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aShortDeadlineEndsTheJobPartialWithTheLateBranchesReportedAsTimeout() throws Exception {
        long start = System.nanoTime();
        JsonNode job = run("digits-deadline", images(80, 130), "");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(job.path("status").asText()).as(job.toString()).isIn("PARTIAL", "EXPIRED");
        assertThat(count(job, "heavy", "timeout")).as(job.toString()).isPositive();
        for (JsonNode item : job.path("result").path("items")) {
            assertThat(item.path("branches").size()).isEqualTo(3);
        }
    }

    @Test
    void aRequestCanOverrideThePipelinesJoinPolicyAndAnInvalidOverrideIs400() throws Exception {
        String body = "{\"join\":{\"policy\":\"quorum\",\"quorum\":1,\"onTimeout\":\"fail\"},"
                + Api.jobBody(images(6, 210)).substring(1);
        Api.Reply accepted = api.submit("digits", body, "");
        JsonNode job = api.awaitTerminal(accepted.body().path("jobId").asText(), Duration.ofSeconds(60));
        assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
        for (JsonNode item : job.path("result").path("items")) {
            assertThat(List.of("mlp", "cnn", "lenet").stream()
                    .filter(b -> item.path("branches").path(b).path("status").asText().equals("ok")).count())
                    .isGreaterThanOrEqualTo(1);
        }
        Api.Reply invalid = api.submit("digits", "{\"join\":{\"policy\":\"quorum\",\"quorum\":7},"
                + Api.jobBody(images(1, 0)).substring(1), "");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().path("detail").asText()).contains("join.quorum must be between 1 and the pipeline's 3");
    }

    @Test
    void aDeadlineThatPassesBeforeAnyWorkEndsTheJobExpiredWithEveryBranchTimedOut() throws Exception {
        Api.Reply accepted = api.submit("digits", "{\"deadlineMs\":1," + Api.jobBody(images(3, 200)).substring(1), "");
        JsonNode job = api.awaitTerminal(accepted.body().path("jobId").asText(), Duration.ofSeconds(30));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("EXPIRED");
        for (JsonNode item : job.path("result").path("items")) {
            item.path("branches").forEach(b -> assertThat(b.path("status").asText()).isEqualTo("timeout"));
        }
    }
}
