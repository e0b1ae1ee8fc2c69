package io.braid.devstack.tune;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.wire.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed loop of {@code clients} callers, each POSTing a job of {@code items} images with {@code ?wait=60}
 * and sending the next one when the answer arrives, on one non-blocking {@link HttpClient} (no thread per
 * caller). Items of jobs that ended SUCCEEDED within the window count towards items/s; a request that fails,
 * is not answered 200 or whose job is not SUCCEEDED counts as a failure.
 */
final class LoadLoop {
    static final int SERVER_WAIT_SECONDS = 60;

    private final HttpClient http;
    private final URI submit;
    private final String apiKey;
    private final List<String> bodies;
    private final int items;
    private final int clients;

    /**
     * @param images PNG/JPEG bytes; job {@code k} takes {@code items} of them, starting at a different one each time
     */
    LoadLoop(HttpClient http, String gatewayUrl, String apiKey, String pipeline, List<byte[]> images, int items,
             int clients) {
        this.http = http;
        this.apiKey = apiKey;
        this.submit = URI.create(gatewayUrl + "/v1/pipelines/" + pipeline + "/jobs?wait=" + SERVER_WAIT_SECONDS);
        this.items = items;
        this.clients = clients;
        List<String> encoded = images.stream().map(b -> Base64.getEncoder().encodeToString(b)).toList();
        List<String> all = new ArrayList<>();
        for (int start = 0; start < Math.min(16, encoded.size()); start++) {
            StringBuilder body = new StringBuilder("{\"inputs\":[");
            for (int i = 0; i < items; i++) {
                body.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(i).append("\",\"image\":\"")
                        .append(encoded.get((start * 7 + i) % encoded.size())).append("\"}");
            }
            all.add(body.append("]}").toString());
        }
        this.bodies = List.copyOf(all);
    }

    /**
     * Runs the loop for {@code window}, then waits for the jobs still in flight (their latency and failures
     * count, their items do not).
     *
     * @param latencyMs receives each answered job's latency
     * @param failures  receives a description of each failure
     */
    CaseResult.Repeat run(Duration window, List<Double> latencyMs, List<String> failures) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + window.toNanos();
        AtomicLong okItems = new AtomicLong();
        AtomicInteger jobs = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            next(end, sent, okItems, jobs, failed, latencies, problems, done);
        }
        if (!done.await(window.toSeconds() + SERVER_WAIT_SECONDS + 30, TimeUnit.SECONDS)) {
            problems.add("jobs still unanswered " + (SERVER_WAIT_SECONDS + 30) + " s after the window");
            failed.incrementAndGet();
        }
        latencyMs.addAll(latencies);
        failures.addAll(problems);
        double seconds = window.toNanos() / 1e9;
        return new CaseResult.Repeat(okItems.get() / seconds, jobs.get(), failed.get());
    }

    private void next(long end, AtomicInteger sent, AtomicLong okItems, AtomicInteger jobs, AtomicInteger failed,
                      List<Double> latencies, List<String> problems, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        String body = bodies.get(Math.floorMod(sent.getAndIncrement(), bodies.size()));
        HttpRequest request = HttpRequest.newBuilder(submit).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofSeconds(SERVER_WAIT_SECONDS + 15))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            long t1 = System.nanoTime();
            jobs.incrementAndGet();
            String problem = problem(response, error);
            if (problem == null) {
                latencies.add((t1 - t0) / 1e6);
                if (t1 <= end) {
                    okItems.addAndGet(items);
                }
            } else {
                failed.incrementAndGet();
                if (problems.size() < 20) {
                    problems.add(problem);
                }
            }
            next(end, sent, okItems, jobs, failed, latencies, problems, done);
        });
    }

    /** Why this answer is a failure; null for a SUCCEEDED job. */
    static String problem(HttpResponse<byte[]> response, Throwable error) {
        if (error != null) {
            return "request failed: " + error;
        }
        if (response.statusCode() != 200) {
            String text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            return "HTTP " + response.statusCode() + ": " + text.substring(0, Math.min(200, text.length()));
        }
        try {
            JsonNode job = Json.MAPPER.readTree(response.body());
            String status = job.path("status").asText();
            return "SUCCEEDED".equals(status) ? null : "job " + job.path("jobId").asText() + " ended " + status;
        } catch (java.io.IOException e) {
            return "unreadable answer: " + e.getMessage();
        }
    }
}
