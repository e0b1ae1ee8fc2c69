package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.auth.ApiKeys;
import io.braid.devstack.DevStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public endpoints the web console reads besides jobs and pipelines: {@code GET /v1/jobs} (a tenant's recent
 * jobs, filtered) and {@code GET /v1/pools} (what the pools report), and the console's own static page.
 */
class JobsListAndPoolsSystemTest {
    private static final String OTHER_KEY = "key-of-the-jobs-list-tenant";
    private static DevStack stack;
    private static Api api;
    private static Path tenantsFile;
    private static String original;

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.get();
        api = new Api(stack.gatewayUrl());
        JoinPoliciesSystemTest.startStack();
        tenantsFile = stack.settings().workDir().resolve("auth/tenants.yaml");
        original = Files.readString(tenantsFile);
        Files.writeString(tenantsFile, original + """
                  - name: lister
                    keys: ["%s"]
                    pipelines: ["digits"]
                """.formatted(ApiKeys.hash(OTHER_KEY)));
    }

    @AfterAll
    static void restoreTheTenantsFile() throws Exception {
        Files.writeString(tenantsFile, original);
    }

    @Test
    void theJobsListShowsATenantsNewestJobsFirstFilteredByStatusAndPipeline() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Api.Reply r = api.submit("digits", Api.jobBody(JoinPoliciesSystemTest.images(1, i)), "?wait=30");
            ids.add(r.body().path("jobId").asText());
        }
        JsonNode last = api.awaitTerminal(ids.get(2), Duration.ofSeconds(60));
        Api.Reply listed = api.get("/v1/jobs?pipeline=digits&limit=3");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("jobs")).extracting(j -> j.path("jobId").asText())
                .as("newest first").containsExactly(ids.get(2), ids.get(1), ids.get(0));
        JsonNode newest = listed.body().path("jobs").path(0);
        assertThat(newest.path("pipeline").asText()).isEqualTo("digits");
        assertThat(newest.path("status").asText()).isEqualTo(last.path("status").asText());
        assertThat(newest.path("items").asInt()).isEqualTo(1);
        assertThat(newest.path("durationMs").asLong()).isPositive();

        String status = last.path("status").asText();
        assertThat(api.get("/v1/jobs?status=" + status.toLowerCase() + "&limit=500").body().path("jobs"))
                .allSatisfy(j -> assertThat(j.path("status").asText()).isEqualTo(status))
                .extracting(j -> j.path("jobId").asText()).contains(ids.get(2));
        assertThat(api.get("/v1/jobs?pipeline=digits-first&limit=500").body().path("jobs"))
                .extracting(j -> j.path("jobId").asText()).doesNotContainAnyElementsOf(ids);
    }

    @Test
    void anotherTenantsListHoldsNoneOfTheseJobs() throws Exception {
        String mine = api.submit("digits", Api.jobBody(JoinPoliciesSystemTest.images(1, 5)), "").body().path("jobId").asText();
        Api other = new Api(stack.gatewayUrl(), OTHER_KEY);
        Api.Reply theirs = Api.poll(() -> other.get("/v1/jobs?limit=500"), r -> r.status() == 200, Duration.ofSeconds(30));
        assertThat(theirs.body().path("jobs")).extracting(j -> j.path("jobId").asText()).doesNotContain(mine);
        assertThat(api.get("/v1/jobs?limit=500").body().path("jobs")).extracting(j -> j.path("jobId").asText()).contains(mine);
    }

    @Test
    void badListQueriesAre400ProblemsNamingWhatIsWrong() {
        Api.Reply limit = api.get("/v1/jobs?limit=0");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.contentType()).startsWith("application/problem+json");
        assertThat(limit.body().path("detail").asText()).isEqualTo("limit must be 1 to 500, got 0");
        assertThat(api.get("/v1/jobs?status=DONE").body().path("detail").asText())
                .startsWith("status 'DONE' is not a job status; one or more of QUEUED, RUNNING");
        assertThat(api.get("/v1/jobs?pipeline=nope").body().path("detail").asText()).contains("pipeline 'nope' does not exist");
        assertThat(new Api(stack.gatewayUrl(), null).get("/v1/jobs").status()).isEqualTo(401);
        assertThat(new Api(stack.gatewayUrl(), null).get("/v1/pools").status()).isEqualTo(401);
    }

    @Test
    void poolsReportTheirModelsQueuesBatchSizesAndThroughput() throws Exception {
        api.awaitTerminal(api.submit("digits", Api.jobBody(JoinPoliciesSystemTest.images(4, 10)), "?wait=30")
                .body().path("jobId").asText(), Duration.ofSeconds(60));
        // each pool process reports every 2 s
        JsonNode pools = Api.poll(() -> api.get("/v1/pools").body(), b -> model(b, "cpu-small", "digits-mlp")
                .path("batches").asLong() > 0, Duration.ofSeconds(30));
        JsonNode small = pool(pools, "cpu-small");
        assertThat(small.path("processes").asInt()).isEqualTo(1);
        JsonNode mlp = model(pools, "cpu-small", "digits-mlp");
        assertThat(mlp.path("queueCapacity").asInt()).isPositive();
        assertThat(mlp.path("queueLength").asInt()).isBetween(0, mlp.path("queueCapacity").asInt());
        assertThat(mlp.path("items").asLong()).isGreaterThanOrEqualTo(mlp.path("batches").asLong());
        long inBuckets = 0;
        for (JsonNode b : mlp.path("batchSizes")) {
            inBuckets += b.path("count").asLong();
        }
        assertThat(inBuckets).as("every batch is in one bucket of the histogram").isEqualTo(mlp.path("batches").asLong());
        assertThat(pool(pools, "cpu-large").path("models")).extracting(m -> m.path("model").asText())
                .contains("digits-lenet", "heavy-cnn");
    }

    @Test
    void theConsoleIsServedWithoutAKeyAndSlashlessConsoleRedirects() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/console/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Braid console</title>", "app.js");
        HttpResponse<String> bare = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/console")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
    }

    private static JsonNode pool(JsonNode pools, String name) {
        for (JsonNode p : pools.path("pools")) {
            if (p.path("pool").asText().equals(name)) {
                return p;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static JsonNode model(JsonNode pools, String pool, String model) {
        for (JsonNode m : pool(pools, pool).path("models")) {
            if (m.path("model").asText().equals(model)) {
                return m;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
