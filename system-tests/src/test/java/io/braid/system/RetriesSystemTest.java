package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.DevStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Overload is a retryable error: retried with backoff, then reported with its attempts, never dropped. */
class RetriesSystemTest {
    private static DevStack stack;

    @BeforeAll
    static void startStack() throws InterruptedException {
        stack = Stack.get();
        JoinPoliciesSystemTest.startStack();
    }

    @Test
    void aBurstBeyondTheQueueIsRetriedAndWhatStillDoesNotFitEndsOverloadedAfterEveryAttempt() throws Exception {
        String pool = stack.service("inference-cpu-small").managementUrl();
        double retriedBefore = Metrics.sum(pool, "braid_stage_tasks_total", "result=\"retried\"");
        JsonNode job = JoinPoliciesSystemTest.run("digits-overload", JoinPoliciesSystemTest.images(40, 150), "");
        assertThat(job.path("status").asText()).as(job.toString()).isIn("PARTIAL", "SUCCEEDED");
        int overloaded = 0;
        int tinyOk = 0;
        for (JsonNode item : job.path("result").path("items")) {
            assertThat(item.path("branches").path("mlp").path("status").asText()).isEqualTo("ok");
            JsonNode tiny = item.path("branches").path("tiny");
            if (tiny.path("status").asText().equals("error")) {
                overloaded++;
                assertThat(tiny.path("error").path("code").asText()).isEqualTo("OVERLOADED");
                assertThat(tiny.path("attempts").asInt()).isEqualTo(3);
            } else {
                assertThat(tiny.path("status").asText()).isEqualTo("ok");
                tinyOk++;
            }
        }
        assertThat(overloaded + tinyOk).isEqualTo(40);
        assertThat(overloaded).as("a burst of 40 cannot fit a 2-item queue").isPositive();
        assertThat(tinyOk).isPositive();
        double retriedAfter = Metrics.sum(pool, "braid_stage_tasks_total", "result=\"retried\"");
        assertThat(retriedAfter - retriedBefore).isGreaterThanOrEqualTo(2.0 * overloaded);
    }
}
