package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.DevStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small jobs submitted together travel as convoys (shared task records), yet each job keeps its own
 * items, join, result and status: nothing of one member leaks into another, quorum joins still skip
 * the branch they no longer need, and jobs whose deadline passes end EXPIRED on their own.
 */
class ConvoysSystemTest {
    private static DevStack stack;
    private static List<Map.Entry<String, byte[]>> digits;
    private static Api api;

    @BeforeAll
    static void startStack() throws InterruptedException {
        JoinPoliciesSystemTest.startStack();
        stack = Stack.get();
        api = new Api(stack.gatewayUrl());
        digits = new ArrayList<>(HeldOutDigits.load(Stack.repoRoot()).entrySet());
    }

    /** Job i has 1 or 2 images (every third job 2), distinct across the jobs. */
    private static List<Map<String, byte[]>> smallJobs(int n, int offset) {
        List<Map<String, byte[]>> jobs = new ArrayList<>();
        int next = offset;
        for (int i = 0; i < n; i++) {
            Map<String, byte[]> images = new LinkedHashMap<>();
            for (int k = 0; k < (i % 3 == 0 ? 2 : 1); k++, next++) {
                Map.Entry<String, byte[]> d = digits.get(next % digits.size());
                images.put(d.getKey(), d.getValue());
            }
            jobs.add(images);
        }
        return jobs;
    }

    private static List<JsonNode> burst(String pipeline, List<Map<String, byte[]>> jobs, String deadline) throws Exception {
        List<String> bodies = jobs.stream().map(j -> "{" + deadline + Api.jobBody(j).substring(1)).toList();
        List<Burst.Answer> answers = Burst.post(stack.gatewayUrl() + "/v1/pipelines/" + pipeline + "/jobs?wait=60",
                bodies, Duration.ofSeconds(150));
        List<JsonNode> finished = new ArrayList<>();
        for (Burst.Answer a : answers) {
            assertThat(a.status()).as(a.body()).isIn(200, 202);
            finished.add(api.awaitTerminal(Api.JSON.readTree(a.body()).path("jobId").asText(), Duration.ofSeconds(240)));
        }
        return finished;
    }

    @Test
    void smallJobsSubmittedTogetherShareTasksYetEachGetsExactlyItsOwnItemsAndLabels() throws Exception {
        String dispatcher = stack.service("dispatcher").managementUrl();
        double convoysBefore = Metrics.sum(dispatcher, "braid_convoy_jobs_count");
        List<Map<String, byte[]>> jobs = smallJobs(60, 0);

        List<JsonNode> finished = burst("digits", jobs, "\"deadlineMs\":240000,");

        for (int i = 0; i < jobs.size(); i++) {
            JsonNode job = finished.get(i);
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            JsonNode items = job.path("result").path("items");
            assertThat(Api.ids(items)).containsExactlyElementsOf(jobs.get(i).keySet());
            for (JsonNode item : items) {
                assertThat(item.path("output").path("label").asText()).as(item.toString())
                        .isEqualTo(HeldOutDigits.label(item.path("id").asText()));
                assertThat(item.path("branches").size()).isEqualTo(3);
            }
            assertThat(job.path("progress").path("total").asInt()).isEqualTo(3 * jobs.get(i).size());
        }
        assertThat(Metrics.sum(dispatcher, "braid_convoy_jobs_count") - convoysBefore)
                .as("convoys formed from the burst").isPositive();
    }

    @Test
    void quorumJobsInConvoysDecideEachItemOnTheirOwn() throws Exception {
        List<Map<String, byte[]>> jobs = smallJobs(30, 100);

        List<JsonNode> finished = burst("digits-quorum", jobs, "\"deadlineMs\":240000,");

        for (int i = 0; i < jobs.size(); i++) {
            JsonNode job = finished.get(i);
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            for (JsonNode item : job.path("result").path("items")) {
                long ok = 0;
                for (JsonNode b : item.path("branches")) {
                    assertThat(b.path("status").asText()).isIn("ok", "cancelled");
                    ok += b.path("status").asText().equals("ok") ? 1 : 0;
                }
                assertThat(ok).as(item.toString()).isGreaterThanOrEqualTo(2);
                assertThat(item.path("output").path("label").asText()).isEqualTo(HeldOutDigits.label(item.path("id").asText()));
            }
        }
    }

    @Test
    void convoyMembersWhoseDeadlinePassesEndExpiredWithEveryBranchTimedOut() throws Exception {
        List<JsonNode> finished = burst("digits", smallJobs(20, 200), "\"deadlineMs\":1,");

        for (JsonNode job : finished) {
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("EXPIRED");
            for (JsonNode item : job.path("result").path("items")) {
                for (JsonNode b : item.path("branches")) {
                    assertThat(b.path("status").asText()).isEqualTo("timeout");
                }
            }
        }
    }
}
