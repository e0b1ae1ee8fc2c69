package io.braid.gateway;

import io.braid.common.job.RedisKeys;
import io.braid.gateway.service.JobService;
import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.DispatcherScripts;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.Sinks;
import io.braid.gateway.testing.TestClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.braid.gateway.testing.TestTenants.TEAM_B;
import static io.braid.gateway.testing.TestTenants.TEAM_B_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway holds at most {@code braid.gateway.max-in-flight} submits at once (1 in these tests), waits
 * included: one more is refused with 503 and {@code Retry-After} before it costs anything, and the place is
 * free again once the held submit answered.
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class AdmissionLimitTest {
    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    RedisDataSource redis;
    @Inject
    TestClock clock;

    @Test
    void aSubmitBeyondTheInFlightLimitIs503UntilTheHeldOneAnswers() throws Exception {
        String key = "held-" + UUID.randomUUID();
        String job = RedisKeys.idempotentJobId(JobService.scopedKey(TEAM_B, key));
        CompletableFuture<Response> held = CompletableFuture.supplyAsync(() -> Api.as(TEAM_B_KEY)
                .header("Idempotency-Key", key).contentType("application/json").body(Api.job(1))
                .post("/v1/pipelines/digits/jobs?wait=30"));
        Sinks.jobRecord(connector, job); // enqueued: the submit now waits for its job, holding its place

        Response refused = Api.submit(TEAM_B_KEY, "digits", Api.job(1));
        Api.assertProblem(refused, 503, "Service Unavailable",
                "the gateway holds 1 requests already (braid.gateway.max-in-flight)");
        assertThat(refused.header("Retry-After")).isEqualTo("1");

        DispatcherScripts dispatcher = new DispatcherScripts(redis, clock);
        dispatcher.start(job, List.of("item-0"), 3);
        for (String branch : List.of("mlp", "cnn", "lenet")) {
            dispatcher.record(job, 0, branch, "ok");
        }
        dispatcher.finish(job, "SUCCEEDED");
        Response answer = held.get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("status")).isEqualTo("SUCCEEDED");

        Api.accepted(TEAM_B_KEY, "digits", Api.job(1));
    }
}
