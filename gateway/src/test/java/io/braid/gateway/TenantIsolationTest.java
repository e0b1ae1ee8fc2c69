package io.braid.gateway;

import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.Sinks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.braid.gateway.testing.TestTenants.TEAM_A_KEY;
import static io.braid.gateway.testing.TestTenants.TEAM_B_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job belongs to its tenant: another tenant's GET, DELETE and events of it answer 404 exactly as an id
 * that does not exist (ids are never confirmed), and its DELETE cancels nothing.
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class TenantIsolationTest {
    @Inject
    @Any
    InMemoryConnector connector;

    @Test
    void theOwnerReadsItsJob() {
        String job = Api.accepted(TEAM_A_KEY, "digits", Api.job(1));
        Api.as(TEAM_A_KEY).get("/v1/jobs/{id}", job).then().statusCode(200);
        assertThat(Api.as(TEAM_A_KEY).get("/v1/jobs/{id}", job).jsonPath().getString("status")).isEqualTo("QUEUED");
    }

    @Test
    void anotherTenantsGetIs404AsForAnUnknownId() {
        String job = Api.accepted(TEAM_A_KEY, "digits", Api.job(1));
        Api.assertProblem(Api.as(TEAM_B_KEY).get("/v1/jobs/{id}", job), 404, "Not Found",
                "job '" + job + "' does not exist (or its retention has passed)");
        Api.assertProblem(Api.as(TEAM_B_KEY).get("/v1/jobs/{id}", "no-such-job"), 404, "Not Found",
                "job 'no-such-job' does not exist (or its retention has passed)");
    }

    @Test
    void anotherTenantsDeleteIs404AndCancelsNothing() {
        String job = Api.accepted(TEAM_A_KEY, "digits", Api.job(1));
        Api.assertProblem(Api.as(TEAM_B_KEY).delete("/v1/jobs/{id}", job), 404, "Not Found",
                "job '" + job + "' does not exist");
        assertThat(Sinks.controlMessages(connector, job)).isEmpty();
        assertThat(Api.as(TEAM_A_KEY).get("/v1/jobs/{id}", job).jsonPath().getString("status")).isEqualTo("QUEUED");
    }

    @Test
    void anotherTenantsEventsAre404BeforeAnyStreamStarts() {
        String job = Api.accepted(TEAM_A_KEY, "digits", Api.job(1));
        Api.assertProblem(Api.as(TEAM_B_KEY).get("/v1/jobs/{id}/events", job), 404, "Not Found",
                "job '" + job + "' does not exist");
        Api.assertProblem(Api.as(TEAM_B_KEY).get("/v1/jobs/{id}/events", "no-such-job"), 404, "Not Found",
                "job 'no-such-job' does not exist");
    }
}
