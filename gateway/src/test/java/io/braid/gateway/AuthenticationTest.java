package io.braid.gateway;

import io.braid.gateway.testing.Api;
import io.braid.gateway.testing.RedisAndTenants;
import io.braid.gateway.testing.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every /v1 call needs a known API key: 401 problem+json with a Bearer challenge otherwise. */
@QuarkusTest
@WithTestResource(RedisAndTenants.class)
class AuthenticationTest {
    /** The management interface's root path is /q already. */
    @TestHTTPResource(value = "/health/live", management = true)
    URL liveness;

    private static void assertUnauthorized(Response r, String detailPart) {
        Api.assertProblem(r, 401, "Unauthorized", detailPart);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"braid\"");
    }

    @Test
    void aCallWithoutAKeyIs401WithABearerChallenge() {
        assertUnauthorized(given().get("/v1/pipelines"), "this API needs 'Authorization: Bearer <api key>'");
        assertUnauthorized(given().contentType("application/json").body(Api.job(1)).post("/v1/pipelines/digits/jobs"),
                "this API needs 'Authorization: Bearer <api key>'");
    }

    @Test
    void anUnknownKeyIs401() {
        assertUnauthorized(Api.as("not-a-key-of-anyone").get("/v1/pipelines"), "the API key is not known");
    }

    @Test
    void anAuthorizationHeaderThatIsNotBearerIs401() {
        assertUnauthorized(given().header("Authorization", "Basic dXNlcjpwYXNz").get("/v1/pipelines"),
                "the Authorization header must be 'Bearer <api key>'");
    }

    @Test
    void aKnownKeyIsServed() {
        Api.as(TestTenants.TEAM_B_KEY).get("/v1/pipelines").then().statusCode(200);
    }

    @Test
    void healthNeedsNoKeyOnTheManagementInterface() {
        given().get(liveness).then().statusCode(200);
    }
}
