package io.braid.gateway;

import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.TestClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.braid.gateway.testing.TestTenants.METERED_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant {@code metered} may send 2 requests and 5 items per second (token buckets of one second's worth,
 * in Redis, refilled continuously by the gateway's clock, which the test moves). Over a limit: 429
 * problem+json with {@code Retry-After} and the IETF draft's {@code RateLimit-Policy} and {@code RateLimit}.
 */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class QuotaTest {
    private static final String POLICY = "\"requests\";q=2;w=1, \"items\";q=5;w=1";

    @Inject
    TestClock clock;

    @BeforeEach
    void fullBuckets() {
        clock.advance(Duration.ofSeconds(10));
    }

    private static Response submit(int items) {
        return Api.submit(METERED_KEY, "digits", Api.job(items));
    }

    private static void assertAccepted(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
    }

    private static void assertOverQuota(Response r, String rateLimit) {
        Api.assertProblem(r, 429, "Too Many Requests", "tenant 'metered' is over its quota (2.0 requests/s, 5.0 items/s");
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(r.header("RateLimit-Policy")).isEqualTo(POLICY);
        assertThat(r.header("RateLimit")).isEqualTo(rateLimit);
    }

    @Test
    void theThirdRequestInOneSecondIs429NamingWhatIsLeft() {
        assertAccepted(submit(1));
        assertAccepted(submit(1));
        assertOverQuota(submit(1), "\"requests\";r=0;t=1, \"items\";r=3;t=1");
    }

    @Test
    void theRequestBucketRefillsAtItsRate() {
        assertAccepted(submit(1));
        assertAccepted(submit(1));
        clock.advance(Duration.ofMillis(250));
        assertOverQuota(submit(1), "\"requests\";r=0;t=1, \"items\";r=4;t=1");
        clock.advance(Duration.ofMillis(250));
        assertAccepted(submit(1));
        assertOverQuota(submit(1), "\"requests\";r=0;t=1, \"items\";r=4;t=1");
    }

    @Test
    void aJobOfMoreItemsThanASecondsWorthPassesOnAFullBucketAndLeavesItInDebt() {
        assertAccepted(submit(7));
        assertOverQuota(submit(1), "\"requests\";r=1;t=1, \"items\";r=0;t=1");
        clock.advance(Duration.ofMillis(500));
        assertOverQuota(submit(1), "\"requests\";r=2;t=1, \"items\";r=0;t=1");
        clock.advance(Duration.ofMillis(500));
        assertAccepted(submit(1));
    }

    @Test
    void aRequestOverQuotaIsRefusedBeforeItsBodyIsChecked() {
        assertAccepted(submit(1));
        assertAccepted(submit(1));
        Response r = Api.submit(METERED_KEY, "digits", "{\"inputs\":[{\"id\":\"a\",\"image\":\"***\"}]}");
        assertThat(r.statusCode()).isEqualTo(429);
    }

    @Test
    void aTenantWithinItsQuotaIsNotHeldBackByAnotherTenantsLimit() {
        assertAccepted(submit(1));
        assertAccepted(submit(1));
        assertThat(submit(1).statusCode()).isEqualTo(429);
        Api.accepted(io.braid.gateway.testing.TestTenants.TEAM_A_KEY, "digits", Api.job(1));
    }
}
