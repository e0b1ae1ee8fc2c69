package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.DevStack;
import io.braid.devstack.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many online callers at once, each with one image and {@code ?wait}: the gateway holds them all
 * without a thread or a pooled connection each, answers none with a 5xx, and every job ends. Past its
 * configured bound a gateway refuses honestly: 503 problem+json with Retry-After, never 500.
 */
class ManySmallRequestsSystemTest {
    private static DevStack stack;
    private static List<Map.Entry<String, byte[]>> digits;

    @BeforeAll
    static void startStack() throws InterruptedException {
        JoinPoliciesSystemTest.startStack();
        stack = Stack.get();
        digits = new ArrayList<>(HeldOutDigits.load(Stack.repoRoot()).entrySet());
    }

    /** n one-image job bodies, cycling through the held-out digits; the deadline leaves room on a loaded machine. */
    private static List<String> oneImageJobs(int n) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map.Entry<String, byte[]> d = digits.get(i % digits.size());
            bodies.add("{\"deadlineMs\":240000," + Api.jobBody(Map.of(d.getKey(), d.getValue())).substring(1));
        }
        return bodies;
    }

    private static Map<Integer, Integer> byStatus(List<Burst.Answer> answers) {
        Map<Integer, Integer> counts = new TreeMap<>();
        answers.forEach(a -> counts.merge(a.status(), 1, Integer::sum));
        return counts;
    }

    @Test
    void fiveHundredConcurrentOneImageWaitsGetNo5xxAndEveryJobSucceedsWithTheRightLabel() throws Exception {
        List<String> bodies = oneImageJobs(500);
        List<Burst.Answer> answers = Burst.post(stack.gatewayUrl() + "/v1/pipelines/digits/jobs?wait=60", bodies,
                Duration.ofSeconds(150));

        assertThat(byStatus(answers).keySet()).as("answers by status: " + byStatus(answers)).isSubsetOf(200, 202);
        Api api = new Api(stack.gatewayUrl());
        for (int i = 0; i < answers.size(); i++) {
            JsonNode job = Api.JSON.readTree(answers.get(i).body());
            if (answers.get(i).status() == 202) {
                job = api.awaitTerminal(job.path("jobId").asText(), Duration.ofSeconds(240));
            }
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            JsonNode item = job.path("result").path("items").path(0);
            Map.Entry<String, byte[]> sent = digits.get(i % digits.size());
            assertThat(item.path("id").asText()).isEqualTo(sent.getKey());
            assertThat(item.path("output").path("label").asText()).as(item.toString())
                    .isEqualTo(HeldOutDigits.label(sent.getKey()));
        }
    }

    @Test
    void aGatewayPastItsInFlightBoundAnswers503WithRetryAfterAndEveryAcceptedJobEnds() throws Exception {
        ServiceProcess small = Stack.another("gateway", "gateway-small", Map.of("BRAID_GATEWAY_MAX_IN_FLIGHT", "4"));
        try {
            small.awaitReady(Duration.ofSeconds(180));
            List<Burst.Answer> answers = Burst.post(small.url() + "/v1/pipelines/digits/jobs?wait=30",
                    oneImageJobs(60), Duration.ofSeconds(120));

            Map<Integer, Integer> counts = byStatus(answers);
            assertThat(counts.keySet()).as("answers by status: " + counts).isSubsetOf(200, 202, 503).contains(503);
            Api api = new Api(small.url());
            for (Burst.Answer a : answers) {
                JsonNode body = Api.JSON.readTree(a.body());
                if (a.status() == 503) {
                    assertThat(a.contentType()).startsWith("application/problem+json");
                    assertThat(a.retryAfter()).as("Retry-After").isEqualTo("1");
                    assertThat(body.path("detail").asText()).contains("braid.gateway.max-in-flight");
                } else {
                    JsonNode job = api.awaitTerminal(body.path("jobId").asText(), Duration.ofSeconds(240));
                    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
                }
            }
        } finally {
            small.stop();
        }
    }
}
