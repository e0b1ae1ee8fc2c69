package io.braid.system;

import io.braid.common.auth.ApiKeys;
import io.braid.common.job.RedisKeys;
import io.braid.devstack.DevStack;
import io.braid.devstack.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission control on the real stack: a tenant beyond its items in flight gets 429, a pipeline beyond its
 * backlog bound or with more work ahead than a job's deadline allows gets 503, each with Retry-After, and
 * work is admitted again once the dispatcher released the finished job's items.
 */
class AdmissionSystemTest {
    private static final String BOUNDED_KEY = "key-of-the-bounded-tenant";
    private static final Duration LONG = Duration.ofSeconds(90);
    private static DevStack stack;
    private static Path tenantsFile;
    private static String original;
    private static Api dev;
    /** A gateway replica with a backlog bound of 50 items per pipeline and the deadline check on. */
    private static ServiceProcess strict;
    private static Api viaStrict;

    @BeforeAll
    static void addABoundedTenant() throws Exception {
        stack = Stack.get();
        JoinPoliciesSystemTest.startStack();
        dev = new Api(stack.gatewayUrl());
        tenantsFile = stack.settings().workDir().resolve("auth/tenants.yaml");
        original = Files.readString(tenantsFile);
        Files.writeString(tenantsFile, original + """
                  - name: bounded
                    keys: ["%s"]
                    pipelines: ["*"]
                    quota: {maxItemsInFlight: 50}
                """.formatted(ApiKeys.hash(BOUNDED_KEY)));
        strict = Stack.another("gateway", "gateway-strict", Map.of("BRAID_GATEWAY_ADMISSION_MAX_PIPELINE_ITEMS", "50",
                Stack.DEADLINE_CHECK_ENV, "true"));
        strict.awaitReady(Duration.ofSeconds(180));
        viaStrict = new Api(strict.url());
    }

    @AfterAll
    static void restoreTheTenantsFileAndStopTheReplica() throws Exception {
        Files.writeString(tenantsFile, original);
        if (strict != null) {
            Stack.stopAnother(strict);
        }
    }

    /** A job of {@code items} slow items (the heavy branch) that stays in flight for a while. */
    private static String slowJob(Api api, int items) {
        String body = "{\"deadlineMs\":60000," + Api.jobBody(JoinPoliciesSystemTest.images(items, 0)).substring(1);
        Api.Reply r = api.submit("digits-deadline", body, "");
        assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
        return r.body().path("jobId").asText();
    }

    private static String one(Long deadlineMs) {
        String body = Api.jobBody(JoinPoliciesSystemTest.images(1, 5));
        return deadlineMs == null ? body : "{\"deadlineMs\":" + deadlineMs + "," + body.substring(1);
    }

    private static void cancel(Api api, String jobId) throws InterruptedException {
        api.delete("/v1/jobs/" + jobId);
        assertThat(api.awaitTerminal(jobId, LONG).path("status").asText()).isIn("CANCELLED", "SUCCEEDED", "PARTIAL");
    }

    @Test
    void aTenantBeyondItsItemsInFlightGets429UntilItsWorkFinished() throws Exception {
        Api bounded = new Api(stack.gatewayUrl(), BOUNDED_KEY);
        Api.poll(() -> bounded.get("/v1/pipelines"), r -> r.status() == 200, Duration.ofSeconds(30));
        String big = slowJob(bounded, 80); // an idle tenant may run one job larger than its bound, alone

        Api.Reply refused = bounded.submit("digits", one(null), "");
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("detail").asText()).contains("tenant 'bounded' has 80 items in flight")
                .contains("maxItemsInFlight of 50");
        assertThat(Long.parseLong(refused.retryAfter())).isPositive();
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"inflight\";q=50");
        assertThat(refused.headers().firstValue("RateLimit").orElse("")).startsWith("\"inflight\";r=0;t=");
        assertThat(dev.submit("digits", one(null), "").status()).as("another tenant is not held back").isEqualTo(202);

        cancel(bounded, big);
        Api.Reply again = Api.poll(() -> bounded.submit("digits", one(null), ""), r -> r.status() != 429, LONG);
        assertThat(again.status()).as("the dispatcher released the finished job's items").isEqualTo(202);
    }

    @Test
    void aPipelineBeyondItsBacklogBoundGets503WithRetryAfter() throws Exception {
        String big = slowJob(dev, 80);

        Api.Reply refused = viaStrict.submit("digits-deadline", one(60_000L), "");
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("detail").asText()).contains("pipeline 'digits-deadline' has")
                .contains("max-pipeline-items");
        assertThat(Long.parseLong(refused.retryAfter())).isPositive();
        assertThat(viaStrict.submit("digits", one(null), "").status()).as("other pipelines are open").isEqualTo(202);
        assertThat(Metrics.sum(strict.managementUrl(), "braid_gateway_admission_total", "decision=\"backlog\""))
                .isPositive();

        cancel(dev, big);
        Api.Reply again = Api.poll(() -> viaStrict.submit("digits-deadline", one(60_000L), ""), r -> r.status() != 503, LONG);
        assertThat(again.status()).isEqualTo(202);

        // any replica serves any job's events: the job went in through the other gateway
        SseReader.Read events = SseReader.read(strict.url() + "/v1/jobs/" + big + "/events", stack.apiKey(), null,
                e -> false, LONG);
        SseReader.Event end = events.events().get(events.events().size() - 1);
        assertThat(end.name()).isEqualTo("end");
        assertThat(end.data().path("status").asText()).isIn("CANCELLED", "SUCCEEDED", "PARTIAL");
        assertThat(events.events()).extracting(SseReader.Event::name).contains("status");
    }

    @Test
    void aJobWhoseDeadlineTheWorkAheadWouldOutlastGets503() throws Exception {
        // the dispatchers publish the rate they saw the pipeline serve at capacity; this test cannot saturate it
        // reliably, so it publishes one as a dispatcher instance would: 1 item/s (the gateway sums fresh instances)
        try (Jedis redis = new Jedis("127.0.0.1", stack.redis().port())) {
            redis.hset(RedisKeys.stats("digits-deadline"), Map.of("admission-test|rate", "1.000",
                    "admission-test|at", Long.toString(System.currentTimeMillis() + 60_000)));
        }
        String big = slowJob(dev, 40); // below the replica's backlog bound: what refuses is the deadline
        try {
            Api.Reply refused = Api.poll(() -> viaStrict.submit("digits-deadline", one(1L), ""), r -> r.status() == 503, LONG);
            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(503);
            assertThat(refused.body().path("detail").asText()).contains("items in flight ahead of this job")
                    .contains("past the job's deadline of 1 ms");
            assertThat(Long.parseLong(refused.retryAfter())).isPositive();
            assertThat(viaStrict.submit("digits-deadline", one(600_000L), "").status())
                    .as("the same work ahead fits a longer deadline").isEqualTo(202);
            assertThat(Metrics.sum(strict.managementUrl(), "braid_gateway_admission_total", "decision=\"deadline\"")).isPositive();
            assertThat(Metrics.sum(strict.managementUrl(), "braid_gateway_admission_backlog_items",
                    "pipeline=\"digits-deadline\"")).isPositive();
            assertThat(dev.submit("digits-deadline", one(1L), "").status())
                    .as("a gateway with the check off accepts it").isEqualTo(202);
        } finally {
            cancel(dev, big);
            try (Jedis redis = new Jedis("127.0.0.1", stack.redis().port())) {
                redis.hdel(RedisKeys.stats("digits-deadline"), "admission-test|rate", "admission-test|at");
            }
        }
    }
}
