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
 * A kill -9 in the middle of a load loses nothing and stalls little: a restarted instance takes its
 * partitions back at once (static group membership), a dead replica's partitions move to the survivor
 * after a 6 s session, so jobs with the pipeline's own 30 s deadline still succeed.
 */
class RecoverySystemTest {
    private static final int JOBS = 10;
    private static final int IMAGES_PER_JOB = 20;
    private static DevStack stack;
    private static Api api;

    @BeforeAll
    static void startStack() throws InterruptedException {
        stack = Stack.get();
        api = new Api(stack.gatewayUrl());
        JoinPoliciesSystemTest.startStack();
    }

    /** Submits the load: ten 20-image digits jobs with the pipeline's default deadline (30 s). */
    private static List<String> submitLoad(int offset) {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            Api.Reply accepted = api.submit("digits", Api.jobBody(JoinPoliciesSystemTest.images(IMAGES_PER_JOB,
                    (offset + i * IMAGES_PER_JOB) % 280)), "");
            assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
            jobs.add(accepted.body().path("jobId").asText());
        }
        return jobs;
    }

    /** Waits until the first job has items done: the load is under way in every stage. */
    private static void awaitUnderWay(String jobId) throws InterruptedException {
        JsonNode job = Api.poll(() -> api.get("/v1/jobs/" + jobId).body(),
                j -> j.path("progress").path("done").asInt() > 0 || Api.TERMINAL.contains(j.path("status").asText()),
                Duration.ofSeconds(60));
        assertThat(job.path("progress").path("done").asInt()).as(job.toString()).isPositive();
    }

    private static void assertAllSucceeded(List<String> jobs) throws InterruptedException {
        for (String id : jobs) {
            JsonNode job = api.awaitTerminal(id, Duration.ofSeconds(90));
            assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("result").path("items").size()).isEqualTo(IMAGES_PER_JOB);
        }
    }

    @Test
    void aKilledDispatcherIsRestartedByTheStackAndEveryJobInFlightSucceedsWithinItsDeadline() throws Exception {
        ServiceProcess dispatcher = stack.service("dispatcher");
        int restartsBefore = dispatcher.restarts();
        long pidBefore = dispatcher.pid();
        List<String> jobs = submitLoad(0);
        awaitUnderWay(jobs.get(0));

        dispatcher.kill();

        ServiceProcess back = Api.poll(() -> dispatcher, d -> d.isReady() && d.pid() != pidBefore, Duration.ofSeconds(90));
        assertThat(back.isReady()).as("the stack restarted the dispatcher").isTrue();
        assertThat(back.restarts()).isEqualTo(restartsBefore + 1);
        assertThat(back.lastExit().reason()).isEqualTo("killed by SIGKILL");
        assertAllSucceeded(jobs);
    }

    @Test
    void withTwoReplicasOfEveryStageAKill9OfOneLeavesEveryJobSucceeded() throws Exception {
        List<ServiceProcess> replicas = List.of(
                Stack.another("preprocess", "preprocess-2", Map.of()),
                Stack.another("inference-cpu-small", "inference-cpu-small-2", Map.of()),
                Stack.another("postprocess", "postprocess-2", Map.of()));
        try {
            for (ServiceProcess replica : replicas) {
                replica.awaitReady(Duration.ofSeconds(180));
            }
            List<String> warm = submitLoad(7);
            assertAllSucceeded(warm);
            double tasksBefore = Metrics.sum(replicas.get(1).managementUrl(), "braid_stage_tasks_total");
            List<String> jobs = submitLoad(3);
            Api.poll(() -> Metrics.sum(replicas.get(1).managementUrl(), "braid_stage_tasks_total"), n -> n > tasksBefore,
                    Duration.ofSeconds(60));
            assertThat(Metrics.sum(replicas.get(1).managementUrl(), "braid_stage_tasks_total"))
                    .as("the second inference replica has work").isGreaterThan(tasksBefore);

            replicas.get(1).kill(); // not supervised: its partitions must move to the survivor

            assertAllSucceeded(jobs);
        } finally {
            for (ServiceProcess replica : replicas) {
                Stack.stopAnother(replica);
            }
        }
    }
}
