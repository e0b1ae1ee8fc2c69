package io.braid.gateway;

import io.braid.common.job.RedisKeys;
import io.braid.gateway.service.JobService;
import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.Sinks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.braid.gateway.testing.TestTenants.TEAM_A;
import static io.braid.gateway.testing.TestTenants.TEAM_A_KEY;
import static io.braid.gateway.testing.TestTenants.TEAM_B_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** An Idempotency-Key makes a retried submit answer the job it created; keys are scoped per tenant. */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class IdempotencyTest {
    @Inject
    @Any
    InMemoryConnector connector;

    private static Response submit(String apiKey, String idempotencyKey, String body) {
        return Api.as(apiKey).header("Idempotency-Key", idempotencyKey).contentType("application/json").body(body)
                .post("/v1/pipelines/digits/jobs");
    }

    @Test
    void aRetryWithTheSameKeyAndBodyAnswersTheSameJobAndEnqueuesItOnce() {
        String key = "retry-" + UUID.randomUUID();
        Response first = submit(TEAM_A_KEY, key, Api.job(1));
        Response again = submit(TEAM_A_KEY, key, Api.job(1));
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        String job = first.jsonPath().getString("jobId");
        assertThat(again.jsonPath().getString("jobId")).isEqualTo(job);
        assertThat(job).isEqualTo(RedisKeys.idempotentJobId(JobService.scopedKey(TEAM_A, key)));
        Sinks.jobRecord(connector, job);
        assertThat(Sinks.jobRecords(connector, job)).hasSize(1);
    }

    @Test
    void theSameKeyWithADifferentBodyIs409() {
        String key = "conflict-" + UUID.randomUUID();
        String job = submit(TEAM_A_KEY, key, Api.job(1)).jsonPath().getString("jobId");
        Api.assertProblem(submit(TEAM_A_KEY, key, Api.job(2)), 409, "Conflict",
                "Idempotency-Key '" + key + "' was used for a different request (job " + job + ")");
    }

    @Test
    void twoTenantsWithEqualKeysGetTwoJobs() {
        String key = "shared-" + UUID.randomUUID();
        Response a = submit(TEAM_A_KEY, key, Api.job(1));
        Response b = submit(TEAM_B_KEY, key, Api.job(2));
        assertThat(a.statusCode()).isEqualTo(202);
        assertThat(b.statusCode()).as("a different body under the other tenant's key is no conflict").isEqualTo(202);
        String jobA = a.jsonPath().getString("jobId");
        String jobB = b.jsonPath().getString("jobId");
        assertThat(jobA).isNotEqualTo(jobB);
        Api.as(TEAM_A_KEY).get("/v1/jobs/{id}", jobA).then().statusCode(200);
        Api.as(TEAM_B_KEY).get("/v1/jobs/{id}", jobB).then().statusCode(200);
        Api.as(TEAM_B_KEY).get("/v1/jobs/{id}", jobA).then().statusCode(404);
    }

    @Test
    void anEmptyOrOverlongKeyIs400() {
        Api.assertProblem(submit(TEAM_A_KEY, "", Api.job(1)), 400, "Bad Request",
                "Idempotency-Key must be 1 to 200 characters");
        Api.assertProblem(submit(TEAM_A_KEY, " ", Api.job(1)), 400, "Bad Request",
                "Idempotency-Key must be 1 to 200 characters");
        Api.assertProblem(submit(TEAM_A_KEY, "k".repeat(201), Api.job(1)), 400, "Bad Request",
                "Idempotency-Key must be 1 to 200 characters");
    }
}
