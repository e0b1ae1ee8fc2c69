package io.braid.system;

import io.braid.common.auth.ApiKeys;
import io.braid.devstack.DevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys and tenants on the real gateway: no key or an unknown one is 401, a tenant sees and uses only
 * its pipelines up to its priority ceiling, and a tenant added to the tenants file can call within seconds,
 * without a restart.
 */
class AuthSystemTest {
    private static final String NARROW_KEY = "key-of-the-narrow-tenant";
    private static DevStack stack;
    private static Path tenantsFile;
    private static String original;

    @BeforeAll
    static void addANarrowTenant() throws Exception {
        stack = Stack.get();
        JoinPoliciesSystemTest.startStack();
        tenantsFile = stack.settings().workDir().resolve("auth/tenants.yaml");
        original = Files.readString(tenantsFile);
        Files.writeString(tenantsFile, original + """
                  - name: narrow
                    keys: ["%s"]
                    pipelines: ["digits-first"]
                    maxPriority: 2
                """.formatted(ApiKeys.hash(NARROW_KEY)));
    }

    @AfterAll
    static void restoreTheTenantsFile() throws Exception {
        Files.writeString(tenantsFile, original);
    }

    private static Api as(String key) {
        return new Api(stack.gatewayUrl(), key);
    }

    @Test
    void aCallWithoutAKeyIs401WithAProblemAndAChallenge() {
        Api.Reply reply = as(null).get("/v1/pipelines");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().path("detail").asText()).contains("Authorization: Bearer <api key>");
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"braid\"");
    }

    @Test
    void anUnknownKeyIs401AndHealthNeedsNoKeyOnTheManagementPortNotTheApiPort() throws Exception {
        Api.Reply reply = as("not-a-key").get("/v1/jobs/anything");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().path("detail").asText()).contains("not known");
        assertThat(new Api(stack.service("gateway").managementUrl(), null).get("/q/health/ready").status()).isEqualTo(200);
        assertThat(status(stack.gatewayUrl() + "/q/health/ready")).as("health and metrics left the API port").isIn(401, 404);
        assertThat(status(stack.gatewayUrl() + "/q/metrics")).isIn(401, 404);
    }

    private static int status(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aTenantAddedToTheFileCallsWithinSecondsAndSeesOnlyItsPipelines() throws Exception {
        Api narrow = as(NARROW_KEY);
        Api.Reply listed = Api.poll(() -> narrow.get("/v1/pipelines"), r -> r.status() == 200, Duration.ofSeconds(30));
        assertThat(listed.status()).as("the reloaded tenants file lets the new key in").isEqualTo(200);
        assertThat(listed.body().path("pipelines")).extracting(p -> p.path("name").asText()).containsExactly("digits-first");

        Api.Reply forbidden = narrow.submit("digits", Api.jobBody(JoinPoliciesSystemTest.images(1, 3)), "");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body().path("detail").asText()).isEqualTo("tenant 'narrow' may not use pipeline 'digits'");

        Api.Reply tooHigh = narrow.submit("digits-first", "{\"priority\":3,"
                + Api.jobBody(JoinPoliciesSystemTest.images(1, 3)).substring(1), "");
        assertThat(tooHigh.status()).isEqualTo(400);
        assertThat(tooHigh.body().path("detail").asText()).contains("priority must be 0 to 2 (the ceiling of tenant 'narrow')");

        Api.Reply allowed = narrow.submit("digits-first", "{\"priority\":2,"
                + Api.jobBody(JoinPoliciesSystemTest.images(1, 3)).substring(1), "?wait=60");
        assertThat(allowed.body().path("status").asText()).as(allowed.body().toString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aJobIsItsTenantsAloneAndAnotherTenantReads404AndItsOwnJobForTheSameIdempotencyKey() throws Exception {
        Api narrow = as(NARROW_KEY);
        Api.poll(() -> narrow.get("/v1/pipelines"), r -> r.status() == 200, Duration.ofSeconds(30));
        Api dev = as(stack.apiKey());
        String body = Api.jobBody(JoinPoliciesSystemTest.images(1, 4));
        Api.Reply mine = narrow.submitWithKey("digits-first", body, "shared-key-1");
        String jobId = mine.body().path("jobId").asText();

        assertThat(narrow.get("/v1/jobs/" + jobId).status()).isEqualTo(200);
        Api.Reply other = dev.get("/v1/jobs/" + jobId);
        assertThat(other.status()).as("another tenant is not told the id exists").isEqualTo(404);
        assertThat(other.body().path("detail").asText()).contains("does not exist");
        assertThat(dev.delete("/v1/jobs/" + jobId).status()).isEqualTo(404);
        assertThat(dev.get("/v1/jobs/" + jobId + "/events").status()).as("nor its events").isEqualTo(404);

        Api.Reply theirs = dev.submitWithKey("digits-first", body, "shared-key-1");
        assertThat(theirs.status()).isIn(200, 202);
        assertThat(theirs.body().path("jobId").asText()).as("idempotency keys are per tenant").isNotEqualTo(jobId);
        assertThat(narrow.submitWithKey("digits-first", body, "shared-key-1").body().path("jobId").asText())
                .isEqualTo(jobId);
    }
}
