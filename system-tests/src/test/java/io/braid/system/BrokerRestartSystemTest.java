package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.DevStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A Kafka broker restart in the middle of a load (a rolling upgrade, a crashed broker pod): producers
 * retry, consumers reconnect and rejoin their groups, and every job ends as it would have without the
 * restart: SUCCEEDED, every item with the same prediction, no outcome counted twice.
 */
class BrokerRestartSystemTest {
    private static final int JOBS = 8;
    private static final int IMAGES_PER_JOB = 12;
    private static DevStack stack;
    private static Api api;

    @BeforeAll
    static void startStack() throws InterruptedException {
        stack = Stack.get();
        api = new Api(stack.gatewayUrl());
        JoinPoliciesSystemTest.startStack();
    }

    private static List<String> submit() {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            Api.Reply accepted = api.submit("digits", Api.jobBody(JoinPoliciesSystemTest.images(IMAGES_PER_JOB,
                    100 + i * IMAGES_PER_JOB)), "");
            assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
            jobs.add(accepted.body().path("jobId").asText());
        }
        return jobs;
    }

    /** Item id → the job's item (reduced output and branches), for every job. */
    private static Map<String, JsonNode> items(List<String> jobs) throws InterruptedException {
        Map<String, JsonNode> byId = new HashMap<>();
        for (String id : jobs) {
            JsonNode job = api.awaitTerminal(id, Duration.ofSeconds(120));
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            job.path("result").path("items").forEach(item -> byId.put(item.path("id").asText(), item));
        }
        return byId;
    }

    @Test
    void aBrokerRestartMidLoadLeavesEveryJobSucceededWithTheSameResultsAsWithoutIt() throws Exception {
        Map<String, JsonNode> reference = items(submit());

        List<String> jobs = submit();
        Api.poll(() -> api.get("/v1/jobs/" + jobs.get(0)).body(), j -> j.path("progress").path("done").asInt() > 0,
                Duration.ofSeconds(60));
        stack.restartKafka(Duration.ofSeconds(3));
        Map<String, JsonNode> afterRestart = items(jobs);

        assertThat(afterRestart.keySet()).isEqualTo(reference.keySet());
        afterRestart.forEach((id, item) -> {
            JsonNode expected = reference.get(id);
            assertThat(item.path("output").path("label").asText()).as(id)
                    .isEqualTo(expected.path("output").path("label").asText());
            for (String branch : List.of("mlp", "cnn", "lenet")) {
                JsonNode b = item.path("branches").path(branch);
                assertThat(b.path("status").asText()).as(id + " " + branch).isEqualTo("ok");
                assertThat(b.path("output").path("topK").get(0).path("probability").asDouble()).as(id + " " + branch)
                        .isCloseTo(expected.path("branches").path(branch).path("output").path("topK").get(0)
                                .path("probability").asDouble(), within(1e-4));
            }
        });
        Api.Reply fresh = api.submit("digits", Api.jobBody(JoinPoliciesSystemTest.images(4, 200)), "?wait=60");
        assertThat(fresh.body().path("status").asText()).as("a job after the restart").isEqualTo("SUCCEEDED");
    }
}
