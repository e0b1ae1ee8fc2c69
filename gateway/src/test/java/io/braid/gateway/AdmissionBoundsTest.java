package io.braid.gateway;

import io.braid.common.job.RedisKeys;
import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.DispatcherScripts;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.TestClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.braid.gateway.testing.TestTenants.BOUNDED;
import static io.braid.gateway.testing.TestTenants.BOUNDED_KEY;
import static io.braid.gateway.testing.TestTenants.TEAM_B_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission by work in flight: a tenant's {@code maxItemsInFlight} (429), a pipeline's backlog bound and its
 * deadline check at the rate the dispatchers observe (503), each with {@code Retry-After}.
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class AdmissionBoundsTest {
    @Inject
    RedisDataSource redis;
    @Inject
    TestClock clock;

    private String pipelineItems(String pipeline) {
        String n = redis.value(String.class).get(RedisKeys.inflightItems(RedisKeys.pipelineScope(pipeline)));
        return n == null ? "0" : n;
    }

    @Test
    void aTenantPastItsItemsInFlightIs429UntilTheDispatcherReleasesAJob() {
        String first = Api.accepted(BOUNDED_KEY, "digits", Api.job(2));
        String digitsBefore = pipelineItems("digits");

        Response refused = Api.submit(BOUNDED_KEY, "digits", Api.job(2));
        Api.assertProblem(refused, 429, "Too Many Requests",
                "tenant 'bounded' has 2 items in flight; with this job's 2 it would pass its maxItemsInFlight of 3");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"inflight\";q=3");
        assertThat(refused.header("RateLimit")).isEqualTo("\"inflight\";r=1;t=1");
        assertThat(pipelineItems("digits")).as("a job its tenant refused holds no place in its pipeline")
                .isEqualTo(digitsBefore);

        Api.accepted(BOUNDED_KEY, "digits", Api.job(1));
        new DispatcherScripts(redis, clock).releaseInFlight(first, BOUNDED, "digits", 2);
        Api.accepted(BOUNDED_KEY, "digits", Api.job(2));
    }

    @Test
    void aJobThatWouldPassItsPipelinesBacklogBoundIs503() {
        Api.accepted(TEAM_B_KEY, "digits-tolerant", Api.job(1));
        Response refused = Api.submit(TEAM_B_KEY, "digits-tolerant", Api.job(1000));
        Api.assertProblem(refused, 503, "Service Unavailable", "pipeline 'digits-tolerant' has 1 items in flight; with "
                + "this job's 1000 it would pass its bound of 1000 (braid.gateway.admission.max-pipeline-items)");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void aJobThatCouldNotMeetItsDeadlineBehindTheWorkAheadIs503() {
        new DispatcherScripts(redis, clock).observedRate("digits-deadline", 1.0);
        Api.accepted(TEAM_B_KEY, "digits-deadline", Api.jobWith(3, "\"deadlineMs\":60000"));

        Response refused = Api.submit(TEAM_B_KEY, "digits-deadline", Api.jobWith(1, "\"deadlineMs\":2000"));
        Api.assertProblem(refused, 503, "Service Unavailable", "pipeline 'digits-deadline' has 3 items in flight ahead "
                + "of this job; at its observed rate of 1.0 items/s they need 3000 ms, past the job's deadline of 2000 ms");
        assertThat(refused.header("Retry-After")).isEqualTo("1");

        Api.accepted(TEAM_B_KEY, "digits-deadline", Api.jobWith(1, "\"deadlineMs\":5000"));
    }
}
