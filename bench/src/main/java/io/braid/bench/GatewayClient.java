package io.braid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.wire.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Submits jobs through the public API with {@code ?wait=} and reads what the finished job reports. Its threads
 * are named {@value #THREAD_PREFIX}*, so their CPU can be told apart from the in-process Kafka broker's.
 */
final class GatewayClient implements AutoCloseable {
    static final String THREAD_PREFIX = "bench-";
    static final long POLL_MS = 10;
    private static final java.util.Set<String> TERMINAL = java.util.Set.of("SUCCEEDED", "PARTIAL", "FAILED", "EXPIRED",
            "CANCELLED");

    private final String baseUrl;
    private final String apiKey;
    private final ExecutorService executor;
    private final HttpClient http;

    /** One branch's outcome: status, latency from task creation, and ms per stage. */
    record Branch(String item, String name, String status, long latencyMs, Map<String, Long> timings) {
    }

    /**
     * A finished (or given up) job as the client saw it.
     *
     * @param clientMs     from sending the POST to reading the response
     * @param submittedAt  the gateway's accept time (epoch ms); finishedAt the dispatcher's join time
     */
    record Job(String jobId, String status, int items, long sentAtMs, double clientMs, long submittedAt,
               long startedAt, long finishedAt, List<Branch> branches) {
        boolean ok() {
            return "SUCCEEDED".equals(status);
        }
    }

    GatewayClient(String baseUrl, String apiKey, int threads) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, THREAD_PREFIX + "http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Posts one job of these base64 images and returns it finished. With {@code serverWaitSeconds > 0} the POST
     * waits server side ({@code ?wait=}); a job still running after the POST is read with {@code GET /v1/jobs/{id}}
     * every {@value #POLL_MS} ms (only when the wait ran out).
     */
    Job run(String pipeline, List<String> images, int serverWaitSeconds, int timeoutSeconds)
            throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < images.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(i).append("\",\"image\":\"")
                    .append(images.get(i)).append("\"}");
        }
        body.append("]}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/pipelines/" + pipeline
                        + "/jobs" + (serverWaitSeconds > 0 ? "?wait=" + serverWaitSeconds : "")))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        long sentAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        JsonNode job = send(request, "POST " + pipeline);
        long deadline = t0 + timeoutSeconds * 1_000_000_000L;
        while (!TERMINAL.contains(job.path("status").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MS);
            job = send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/jobs/" + job.path("jobId").asText()))
                    .header("Authorization", "Bearer " + apiKey)
                    .timeout(Duration.ofSeconds(30)).GET().build(), "GET job");
        }
        double clientMs = (System.nanoTime() - t0) / 1e6;
        return parse(job, images.size(), sentAt, clientMs);
    }

    private JsonNode send(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200 && response.statusCode() != 202) {
            throw new IOException(what + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
        return Json.MAPPER.readTree(response.body());
    }

    /** Text of any GET on the stack, e.g. a service's {@code /q/metrics}. */
    String get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Job parse(JsonNode job, int items, long sentAt, double clientMs) {
        JsonNode timings = job.path("timings");
        List<Branch> branches = new ArrayList<>();
        for (JsonNode item : job.path("result").path("items")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = item.path("branches").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> b = it.next();
                Map<String, Long> stages = new LinkedHashMap<>();
                b.getValue().path("timings").fields().forEachRemaining(t -> stages.put(t.getKey(), t.getValue().asLong()));
                branches.add(new Branch(item.path("id").asText(), b.getKey(), b.getValue().path("status").asText(),
                        b.getValue().path("latencyMs").asLong(-1), stages));
            }
        }
        return new Job(job.path("jobId").asText(), job.path("status").asText(), items, sentAt, clientMs,
                timings.path("submittedAt").asLong(-1), timings.path("startedAt").asLong(-1),
                timings.path("finishedAt").asLong(-1), branches);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
