package io.braid.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * {@code ./braid demo}: sends sample digit images through the gateway as a few jobs, waits for each job and
 * prints, per image, the true and the predicted digit, the top-3 probabilities and every branch's outcome,
 * plus the job's timings.
 */
public final class DemoClient {
    /** Statuses after which a job never changes again. */
    public static final Set<String> TERMINAL = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "EXPIRED", "CANCELLED");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;
    private final String apiKey;
    private final String pipeline;
    private final Path imageDir;
    private final int jobs;
    private final int perJob;
    private final Duration wait;

    /**
     * @param gatewayUrl the gateway's base URL
     * @param apiKey     sent as {@code Authorization: Bearer}; null sends none
     * @param pipeline   the pipeline to call, e.g. {@code digits}
     * @param imageDir   where the {@code <label>_<n>.png} images are
     * @param jobs       how many jobs to send
     * @param perJob     images per job
     * @param wait       how long to wait for each job
     */
    public DemoClient(String gatewayUrl, String apiKey, String pipeline, Path imageDir, int jobs, int perJob,
                      Duration wait) {
        this.gatewayUrl = gatewayUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.pipeline = pipeline;
        this.imageDir = imageDir;
        this.jobs = jobs;
        this.perJob = perJob;
        this.wait = wait;
    }

    /** The client for {@code ./braid demo}'s options; the gateway comes from the running stack's state. */
    static DemoClient fromOptions(StackOptions options, Path repo, Path stateFile) {
        String gateway = options.value("gateway", null);
        String key = options.value("key", System.getenv("BRAID_API_KEY"));
        if (gateway == null) {
            StackState state = StackState.read(stateFile).filter(StackState::stackAlive)
                    .filter(s -> StackState.READY.equals(s.status()) && s.gatewayUrl() != null)
                    .orElseThrow(() -> new IllegalStateException("no stack with services is up; run ./braid up first"));
            gateway = state.gatewayUrl();
            key = key != null ? key : state.apiKey();
        }
        Path images = Path.of(options.value("images", repo.resolve("models/digits-heldout").toString()));
        return new DemoClient(gateway, key, options.value("pipeline", "digits"), images, options.intValue("jobs", 2),
                options.intValue("per-job", 6), Duration.ofSeconds(options.intValue("wait", 60)));
    }

    /** Sends the jobs and prints their results; returns 0 when every job SUCCEEDED, else 1. */
    public int run(PrintStream out) {
        List<DemoImages.Sample> samples = DemoImages.pick(imageDir, jobs * perJob);
        DemoReport report = new DemoReport(out);
        out.printf("Sending %d images from %s to %s/v1/pipelines/%s/jobs as %d jobs%n%n", samples.size(), imageDir,
                gatewayUrl, pipeline, (samples.size() + perJob - 1) / perJob);
        boolean allSucceeded = true;
        for (int from = 0; from < samples.size(); from += perJob) {
            List<DemoImages.Sample> batch = samples.subList(from, Math.min(samples.size(), from + perJob));
            long t0 = System.nanoTime();
            JsonNode job = submitAndAwait(batch);
            long roundTripMs = (System.nanoTime() - t0) / 1_000_000;
            report.job(job, batch, roundTripMs);
            allSucceeded &= "SUCCEEDED".equals(job.path("status").asText());
        }
        report.summary();
        if ("digits".equals(pipeline)) {
            allSucceeded &= agents(out);
        }
        return allSucceeded ? 0 : 1;
    }

    /**
     * One question to the {@code research} pipeline (remote specialists, quorum, synthesis; the mock model server
     * answers them): the synthesized answer and each specialist's outcome. True when it succeeded.
     */
    boolean agents(PrintStream out) {
        String question = "Why did the Roman Empire fall?";
        out.printf("%nAgent pipeline 'research' (four remote specialists, quorum 3, then a synthesizer): \"%s\"%n", question);
        ObjectNode body = JSON.createObjectNode();
        body.putArray("inputs").addObject().put("id", "q").put("text", question);
        long t0 = System.nanoTime();
        HttpResponse<String> response = send(authorized(URI.create(gatewayUrl + "/v1/pipelines/research/jobs?wait=15"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        if (response.statusCode() == 404) {
            out.println("  (no research pipeline here)");
            return true;
        }
        JsonNode job = parse(response, 200, 202);
        JsonNode item = job.path("result").path("items").path(0);
        out.printf("  %s in %d ms%n", job.path("status").asText(), (System.nanoTime() - t0) / 1_000_000);
        item.path("branches").fields().forEachRemaining(b -> out.printf("  %-12s %-9s %s%n", b.getKey(),
                b.getValue().path("status").asText(), abbreviate(b.getValue().path("output").path("text").asText())));
        out.printf("  %-12s %-9s %s%n", "synthesis", item.path("synthesis").path("status").asText(),
                abbreviate(item.path("output").path("text").asText()));
        return "SUCCEEDED".equals(job.path("status").asText());
    }

    private static String abbreviate(String s) {
        String line = s.replace('\n', ' ');
        return line.length() > 90 ? line.substring(0, 87) + "..." : line;
    }

    /** Submits one job with {@code ?wait=} and polls it until it ends or the wait has passed. */
    JsonNode submitAndAwait(List<DemoImages.Sample> batch) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (DemoImages.Sample sample : batch) {
            inputs.addObject().put("id", sample.id()).put("image", Base64.getEncoder().encodeToString(sample.bytes()));
        }
        long deadline = System.nanoTime() + wait.toNanos();
        HttpResponse<String> response = send(authorized(
                        URI.create(gatewayUrl + "/v1/pipelines/" + pipeline + "/jobs?wait=" + wait.toSeconds()))
                .header("Content-Type", "application/json")
                .timeout(wait.plusSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        JsonNode job = parse(response, 200, 202);
        String jobId = job.path("jobId").asText();
        while (!TERMINAL.contains(job.path("status").asText()) && System.nanoTime() < deadline) {
            sleep();
            job = parse(send(authorized(URI.create(gatewayUrl + "/v1/jobs/" + jobId))
                    .timeout(Duration.ofSeconds(10)).GET().build()), 200);
        }
        return job;
    }

    private HttpRequest.Builder authorized(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        return apiKey == null ? builder : builder.header("Authorization", "Bearer " + apiKey);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage()
                    + " (is the stack up? ./braid status)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(HttpResponse<String> response, int... expected) {
        for (int status : expected) {
            if (response.statusCode() == status) {
                try {
                    return JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new IllegalStateException(response.request().uri() + " answered " + status
                            + " with a body that is not JSON: " + response.body(), e);
                }
            }
        }
        String detail = response.body();
        try {
            JsonNode problem = JSON.readTree(detail);
            detail = problem.path("title").asText("") + ": " + problem.path("detail").asText(detail);
        } catch (IOException notJson) {
            // show the body as it is
        }
        throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                + response.statusCode() + " " + detail);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
