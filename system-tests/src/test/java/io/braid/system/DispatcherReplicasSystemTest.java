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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two dispatcher replicas share the consumer groups and both run deadline timers: every job still
 * reaches one terminal status and is joined exactly once (the finished-jobs counters of both add
 * up to the number of jobs), also across the rebalance when the second replica joins and leaves.
 */
class DispatcherReplicasSystemTest {
    private static DevStack stack;
    private static Api api;

    @BeforeAll
    static void startStack() throws InterruptedException {
        stack = Stack.get();
        api = new Api(stack.gatewayUrl());
        JoinPoliciesSystemTest.startStack();
    }

    /** Joins this replica was granted plus the terminal statuses it wrote. */
    private static double[] joins(String url) {
        return new double[]{Metrics.sum(url, "braid_join_claims_total"), Metrics.sum(url, "braid_jobs_finished_total")};
    }

    @Test
    void withTwoDispatchersEveryJobIsJoinedExactlyOnce() throws Exception {
        ServiceProcess first = stack.service("dispatcher");
        ServiceProcess second = Stack.another("dispatcher", "dispatcher-2", Map.of());
        try {
            second.awaitReady(Duration.ofSeconds(180));
            double[] before = joins(first.managementUrl());
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String pipeline = i % 2 == 0 ? "digits" : "digits-deadline";
                String body = "{\"deadlineMs\":" + (i % 2 == 0 ? 30_000 : 400) + ","
                        + Api.jobBody(JoinPoliciesSystemTest.images(12, i * 12)).substring(1);
                jobs.add(api.submit(pipeline, body, "").body().path("jobId").asText());
            }
            for (String id : jobs) {
                JsonNode job = api.awaitTerminal(id, Duration.ofSeconds(120));
                assertThat(job.path("status").asText()).as(job.toString()).isIn("SUCCEEDED", "PARTIAL", "EXPIRED");
            }
            // a terminal status is visible before the replica that wrote it counts it: poll the counters
            Api.poll(() -> joins(first.managementUrl())[1] - before[1] + joins(second.managementUrl())[1], n -> n >= jobs.size(),
                    Duration.ofSeconds(30));
            double[] firstAfter = joins(first.managementUrl());
            double[] secondAfter = joins(second.managementUrl());
            assertThat(firstAfter[0] - before[0] + secondAfter[0]).as("join claims granted").isEqualTo(jobs.size());
            assertThat(firstAfter[1] - before[1] + secondAfter[1]).as("terminal statuses written").isEqualTo(jobs.size());
            assertThat(secondAfter[0]).as("the second replica took part").isPositive();
        } finally {
            Stack.stopAnother(second);
        }
    }
}
