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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the gateway serves at {@code /q/openapi} describes the {@code /v1} API completely: every operation, its
 * parameters and headers, and every answer of the running system (success and problem bodies, their content types
 * and headers) validates against the schema of its operation and status.
 */
class OpenApiConformanceSystemTest {
    private static final String LIMITED_KEY = "key-of-the-documented-tenant";
    private static final Set<String> OPERATIONS = Set.of("get /v1/pipelines", "post /v1/pipelines/{pipeline}/jobs",
            "get /v1/jobs/{jobId}", "delete /v1/jobs/{jobId}", "get /v1/jobs/{jobId}/events", "get /v1/jobs",
            "get /v1/pools");
    private static final String SUBMIT = "/v1/pipelines/{pipeline}/jobs";
    private static final String JOB = "/v1/jobs/{jobId}";
    private static DevStack stack;
    private static OpenApiContract contract;
    private static Path tenantsFile;
    private static String original;
    private final List<String> differences = new ArrayList<>();

    @BeforeAll
    static void readTheServedDocument() throws Exception {
        stack = Stack.get();
        JoinPoliciesSystemTest.startStack();
        contract = OpenApiContract.fetch(stack.gatewayUrl());
        tenantsFile = stack.settings().workDir().resolve("auth/tenants.yaml");
        original = Files.readString(tenantsFile);
        Files.writeString(tenantsFile, original + """
                  - name: documented
                    keys: ["%s"]
                    pipelines: ["digits"]
                    quota: {requestsPerSecond: 1}
                """.formatted(ApiKeys.hash(LIMITED_KEY)));
    }

    @AfterAll
    static void restoreTheTenantsFile() throws Exception {
        Files.writeString(tenantsFile, original);
    }

    @Test
    void everyOperationIsDocumentedWithASummaryItsParametersAndItsProblems() throws Exception {
        JsonNode doc = contract.document();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        Set<String> documented = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method + " " + path.getKey())));
        // the Braid API; /v2 (Open Inference Protocol) is documented as its resource declares it
        documented.removeIf(op -> !op.contains(" /v1/"));
        assertThat(documented).isEqualTo(new TreeSet<>(OPERATIONS));
        assertThat(doc.path("components").path("securitySchemes").path("apiKey").path("scheme").asText())
                .isEqualTo("bearer");
        assertThat(doc.path("security").toString()).contains("apiKey");
        for (String op : OPERATIONS) {
            String[] parts = op.split(" ");
            JsonNode operation = contract.operation(parts[0], parts[1]);
            assertThat(operation.path("summary").asText()).as(op + " summary").isNotBlank();
            assertThat(operation.path("operationId").asText()).as(op + " operationId").isNotBlank();
            assertThat(operation.path("tags")).as(op + " tags").isNotEmpty();
            List<String> statuses = OpenApiContract.fieldNames(operation.path("responses"));
            assertThat(statuses).as(op).contains("200", "401", "500");
            if (parts[1].contains("{")) {
                assertThat(statuses).as(op).contains("404");
            }
            for (String status : statuses) {
                JsonNode response = contract.response(operation, Integer.parseInt(status));
                assertThat(response.path("description").asText()).as(op + " " + status).isNotBlank();
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertThat(response.path("content").path("application/problem+json").path("schema")
                            .path("$ref").asText()).as(op + " " + status).isEqualTo("#/components/schemas/Problem");
                }
            }
        }
        assertThat(contract.response(contract.operation("post", SUBMIT), 429).path("headers"))
                .as("429 carries Retry-After and the RateLimit headers").hasSize(3);
        assertThat(parameters("post", SUBMIT)).contains("path pipeline", "query wait", "header Idempotency-Key");
        assertThat(parameters("get", JOB + "/events")).contains("header Last-Event-ID", "query lastEventId");
        assertThat(status(stack.gatewayUrl() + "/q/swagger-ui/")).as("Swagger UI on the API port").isEqualTo(200);
    }

    @Test
    void realAnswersOfTheApiValidateAgainstTheServedDocument() throws Exception {
        Api api = new Api(stack.gatewayUrl());
        String one = Api.jobBody(JoinPoliciesSystemTest.images(1, 0));
        check("get", "/v1/pipelines", api.get("/v1/pipelines"), 200);

        Api.Reply accepted = api.submit("digits", Api.jobBody(JoinPoliciesSystemTest.images(12, 0)), "");
        check("post", SUBMIT, accepted, 202);
        String running = accepted.body().path("jobId").asText();
        check("get", JOB, api.get("/v1/jobs/" + running), 200);
        Api.Reply cancelled = api.delete("/v1/jobs/" + running);
        assertThat(cancelled.status()).isIn(200, 202, 409);
        check("delete", JOB, cancelled, cancelled.status());

        Api.Reply finished = api.submit("digits", one, "?wait=60");
        check("post", SUBMIT, finished, 200);
        assertThat(finished.body().path("status").asText()).isEqualTo("SUCCEEDED");
        String done = finished.body().path("jobId").asText();
        check("get", JOB, api.get("/v1/jobs/" + done), 200);
        check("delete", JOB, api.delete("/v1/jobs/" + done), 409);
        checkEvents(done);
        check("get", "/v1/jobs", api.get("/v1/jobs?limit=5"), 200);
        check("get", "/v1/jobs", api.get("/v1/jobs?status=SUCCEEDED,RUNNING&pipeline=digits"), 200);
        check("get", "/v1/jobs", api.get("/v1/jobs?limit=0"), 400);
        check("get", "/v1/pools", api.get("/v1/pools"), 200);
        check("get", "/v1/pools", new Api(stack.gatewayUrl(), null).get("/v1/pools"), 401);

        check("post", SUBMIT, api.submit("digits", "{\"inputs\": \"not a list\"}", ""), 400);
        check("post", SUBMIT, api.submit("digits", one, "?wait=-1"), 400);
        check("post", SUBMIT, new Api(stack.gatewayUrl(), null).submit("digits", one, ""), 401);
        check("get", JOB, new Api(stack.gatewayUrl(), "not-a-key").get("/v1/jobs/" + done), 401);
        check("post", SUBMIT, api.submit("no-such-pipeline", one, ""), 404);
        check("get", JOB, api.get("/v1/jobs/no-such-job"), 404);
        check("get", JOB + "/events", api.get("/v1/jobs/no-such-job/events"), 404);
        check("get", JOB + "/events", api.get("/v1/jobs/" + done + "/events?lastEventId=bogus"), 400);
        String key = "conformance-" + System.nanoTime();
        check("post", SUBMIT, api.submitWithKey("digits", one, key), 202);
        check("post", SUBMIT, api.submitWithKey("digits", Api.jobBody(JoinPoliciesSystemTest.images(1, 1)),
                key), 409);

        Api limited = new Api(stack.gatewayUrl(), LIMITED_KEY);
        Api.poll(() -> limited.get("/v1/pipelines"), r -> r.status() == 200, Duration.ofSeconds(30));
        check("post", SUBMIT, limited.submit("digits-first", one, ""), 403);
        List<CompletableFuture<Api.Reply>> burst = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            burst.add(CompletableFuture.supplyAsync(() -> limited.submit("digits", one, "")));
        }
        List<Api.Reply> replies = burst.stream().map(CompletableFuture::join).toList();
        assertThat(replies).extracting(Api.Reply::status).as("4 at once against 1 per second").contains(429);
        for (Api.Reply r : replies) {
            check("post", SUBMIT, r, r.status());
        }
        assertThat(differences).as("answers that break the served document").isEmpty();
    }

    /** The events of a finished job: a 200 text/event-stream whose end event carries the job as the document says. */
    private void checkEvents(String jobId) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.gatewayUrl() + "/v1/jobs/" + jobId + "/events")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + stack.apiKey()).GET().build(), HttpResponse.BodyHandlers.ofString());
        String contentType = r.headers().firstValue("Content-Type").orElse("");
        differences.addAll(contract.differences("get", JOB + "/events", r.statusCode(), contentType, r.headers(), null));
        JsonNode operation = contract.operation("get", JOB + "/events");
        assertThat(contract.response(operation, 200).path("content").has(contentType.split(";")[0].trim()))
                .as("content type " + contentType).isTrue();
        String end = null;
        for (String event : r.body().split("\n\n")) {
            if (event.contains("event:end") || event.contains("event: end")) {
                end = event.lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).trim())
                        .reduce("", String::concat);
            }
        }
        assertThat(end).as("the stream ends with the end event: " + r.body()).isNotNull();
        JsonNode jobView = contract.resolve("#/components/schemas/JobView");
        contract.schemaDifferences(jobView, Api.JSON.readTree(end)).forEach(m -> differences.add("end event: " + m));
    }

    private void check(String method, String path, Api.Reply reply, int expectedStatus) {
        assertThat(reply.status()).as(method + " " + path + ": " + reply.body()).isEqualTo(expectedStatus);
        differences.addAll(contract.differences(method, path, reply.status(), reply.contentType(), reply.headers(),
                reply.body()));
    }

    private static List<String> parameters(String method, String path) {
        List<String> out = new ArrayList<>();
        contract.operation(method, path).path("parameters").forEach(p -> out.add(p.path("in").asText() + " "
                + p.path("name").asText()));
        return out;
    }

    private static int status(String url) throws Exception {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
