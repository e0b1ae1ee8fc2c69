package io.braid.gateway;

import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.RedisAndTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.braid.gateway.testing.TestTenants.TEAM_A_KEY;
import static io.braid.gateway.testing.TestTenants.TEAM_B_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** A tenant uses only the pipelines of its allow-list, at most at its priority ceiling. */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class TenantPermissionsTest {

    @Test
    void aPipelineOutsideTheTenantsAllowListIs403() {
        Api.assertProblem(Api.submit(TEAM_A_KEY, "digits-quorum", Api.job(1)), 403, "Forbidden",
                "tenant 'team-a' may not use pipeline 'digits-quorum'");
    }

    @Test
    void theSamePipelineIsAcceptedForATenantWhoseListHasIt() {
        Api.accepted(TEAM_B_KEY, "digits-quorum", Api.job(1));
    }

    @Test
    void theListOfPipelinesShowsOnlyTheTenantsOwn() {
        assertThat(Api.as(TEAM_A_KEY).get("/v1/pipelines").jsonPath().getList("pipelines.name"))
                .containsExactlyInAnyOrder("digits", "digits-first");
        assertThat(Api.as(TEAM_B_KEY).get("/v1/pipelines").jsonPath().getList("pipelines.name"))
                .contains("digits", "digits-first", "digits-quorum", "digits-deadline");
    }

    @Test
    void aPriorityAboveTheTenantsCeilingIs400NamingTheCeiling() {
        Api.assertProblem(Api.submit(TEAM_A_KEY, "digits", Api.jobWith(1, "\"priority\":6")), 400, "Bad Request",
                "priority must be 0 to 5 (the ceiling of tenant 'team-a'), got 6");
        Api.assertProblem(Api.submit(TEAM_B_KEY, "digits", Api.jobWith(1, "\"priority\":10")), 400, "Bad Request",
                "priority must be 0 to 9 (the ceiling of tenant 'team-b'), got 10");
    }

    @Test
    void aNegativePriorityIs400() {
        Api.assertProblem(Api.submit(TEAM_A_KEY, "digits", Api.jobWith(1, "\"priority\":-1")), 400, "Bad Request",
                "priority must be 0 to 5");
    }

    @Test
    void aPriorityAtTheCeilingIsAccepted() {
        Api.accepted(TEAM_A_KEY, "digits", Api.jobWith(1, "\"priority\":5"));
        Api.accepted(TEAM_B_KEY, "digits", Api.jobWith(1, "\"priority\":9"));
    }

    @Test
    void anUnknownPipelineIs404() {
        Api.assertProblem(Api.submit(TEAM_B_KEY, "no-such-pipeline", Api.job(1)), 404, "Not Found",
                "pipeline 'no-such-pipeline' does not exist");
    }
}
