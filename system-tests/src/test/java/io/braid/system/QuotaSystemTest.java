package io.braid.system;

import io.braid.common.auth.ApiKeys;
import io.braid.devstack.DevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant over its rate gets 429 with Retry-After and the RateLimit headers, and passes again after it. */
class QuotaSystemTest {
    private static final String METERED_KEY = "key-of-the-metered-tenant";
    private static DevStack stack;
    private static Path tenantsFile;
    private static String original;

    @BeforeAll
    static void addAMeteredTenant() throws Exception {
        stack = Stack.get();
        JoinPoliciesSystemTest.startStack();
        tenantsFile = stack.settings().workDir().resolve("auth/tenants.yaml");
        original = Files.readString(tenantsFile);
        Files.writeString(tenantsFile, original + """
                  - name: metered
                    keys: ["%s"]
                    pipelines: ["*"]
                    quota: {requestsPerSecond: 2, itemsPerSecond: 40}
                """.formatted(ApiKeys.hash(METERED_KEY)));
    }

    @AfterAll
    static void restoreTheTenantsFile() throws Exception {
        Files.writeString(tenantsFile, original);
    }

    @Test
    void aBurstOverTheRateIsRefusedWith429AndTheRateLimitHeadersAndPassesAfterRetryAfter() throws Exception {
        Api metered = new Api(stack.gatewayUrl(), METERED_KEY);
        Api.poll(() -> metered.get("/v1/pipelines"), r -> r.status() == 200, Duration.ofSeconds(30));
        String body = Api.jobBody(JoinPoliciesSystemTest.images(1, 2));
        List<CompletableFuture<Api.Reply>> burst = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            burst.add(CompletableFuture.supplyAsync(() -> metered.submit("digits", body, "")));
        }
        List<Api.Reply> replies = burst.stream().map(CompletableFuture::join).toList();
        List<Api.Reply> refused = replies.stream().filter(r -> r.status() == 429).toList();
        assertThat(replies).extracting(Api.Reply::status).containsOnly(202, 429);
        assertThat(refused).as("8 at once against 2 per second").hasSizeGreaterThanOrEqualTo(5);
        Api.Reply one = refused.get(0);
        assertThat(one.contentType()).startsWith("application/problem+json");
        assertThat(one.body().path("detail").asText()).contains("tenant 'metered' is over its quota");
        assertThat(one.retryAfter()).isNotNull();
        assertThat(one.headers().firstValue("RateLimit-Policy")).hasValue("\"requests\";q=2;w=1, \"items\";q=40;w=1");
        assertThat(one.headers().firstValue("RateLimit")).get().asString().startsWith("\"requests\";r=0;t=");

        Api.Reply later = Api.poll(() -> metered.submit("digits", body, "?wait=60"), r -> r.status() != 429,
                Duration.ofSeconds(10));
        assertThat(later.body().path("status").asText()).as("a retry after Retry-After passes").isEqualTo("SUCCEEDED");
        assertThat(new Api(stack.gatewayUrl()).submit("digits", body, "").status())
                .as("another tenant is not limited by this one's quota").isEqualTo(202);
    }
}
