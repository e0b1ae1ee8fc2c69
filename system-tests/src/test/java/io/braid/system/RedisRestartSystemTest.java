package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.DevStack;
import io.braid.devstack.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis crashes (SIGKILL) while jobs are in flight and comes back on the same port with its
 * append-only file: submits and reads during the outage get 503 problem+json with Retry-After, no
 * service crashes or stops consuming, every job accepted before the crash reaches a terminal status,
 * and the gateway's finished-job subscription is renewed so waiting submits work again.
 */
class RedisRestartSystemTest {
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "EXPIRED", "CANCELLED");
    private static DevStack stack;
    private static Api api;

    @BeforeAll
    static void startStack() throws InterruptedException {
        stack = Stack.get();
        api = new Api(stack.gatewayUrl());
        JoinPoliciesSystemTest.startStack();
    }

    private static String body(int images, int offset) {
        return "{\"deadlineMs\":90000," + Api.jobBody(JoinPoliciesSystemTest.images(images, offset)).substring(1);
    }

    @Test
    void jobsInFlightWhenRedisCrashesAllEndAfterItComesBackAndSubmitsMeanwhileGet503() throws Exception {
        ServiceProcess gateway = stack.service("gateway");
        ServiceProcess dispatcher = stack.service("dispatcher");
        double subscriptionsBefore = Metrics.sum(gateway.managementUrl(), "braid_gateway_finished_subscriptions_total");
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Api.Reply r = api.submit("digits", body(10, i * 10), "");
            assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
            accepted.add(r.body().path("jobId").asText());
        }

        stack.stopRedis(false);
        try {
            Api.Reply refused = Api.poll(() -> api.submit("digits", body(1, 0), ""), r -> r.status() != 202,
                    Duration.ofSeconds(30));
            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.retryAfter()).isNotNull();
            Api.Reply read = api.get("/v1/jobs/" + accepted.get(0));
            assertThat(read.status()).as(read.body().toString()).isEqualTo(503);
            assertThat(read.retryAfter()).isNotNull();
        } finally {
            stack.startRedis();
        }

        for (String id : accepted) {
            JsonNode job = api.awaitTerminal(id, Duration.ofSeconds(150));
            assertThat(job.path("status").asText()).as("job %s: %s", id, job).isIn(TERMINAL);
        }
        assertThat(dispatcher.isAlive()).as("the dispatcher paused, it did not exit").isTrue();
        assertThat(gateway.isAlive()).isTrue();
        double renewed = Api.poll(() -> Metrics.sum(gateway.managementUrl(), "braid_gateway_finished_subscriptions_total"),
                n -> n > subscriptionsBefore, Duration.ofSeconds(30));
        assertThat(renewed).as("finished-job subscriptions made").isGreaterThan(subscriptionsBefore);
        Api.Reply waited = api.submit("digits", body(2, 0), "?wait=60");
        assertThat(waited.status()).as(waited.body().toString()).isEqualTo(200);
        assertThat(waited.body().path("status").asText()).isEqualTo("SUCCEEDED");
    }
}
