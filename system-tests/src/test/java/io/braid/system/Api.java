package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small client of the gateway's REST API, as a user would write one. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> TERMINAL = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "EXPIRED", "CANCELLED");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String apiKey;

    /** A client of the system-test stack's gateway at {@code base}, with the stack's development key. */
    Api(String base) {
        this(base, Stack.get().apiKey());
    }

    /** A client that sends {@code apiKey} as {@code Bearer} (null: no Authorization header). */
    Api(String base, String apiKey) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.apiKey = apiKey;
    }

    /** An HTTP answer: status, content type, parsed JSON body, Location, Retry-After (null when absent), headers. */
    record Reply(int status, String contentType, JsonNode body, String location, String retryAfter,
                 java.net.http.HttpHeaders headers) {
    }

    static String jobBody(Map<String, byte[]> images) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        images.forEach((id, png) -> inputs.addObject().put("id", id).put("image", Base64.getEncoder().encodeToString(png)));
        return body.toString();
    }

    Reply submit(String pipeline, String body, String query) {
        return send(HttpRequest.newBuilder(URI.create(base + "/v1/pipelines/" + pipeline + "/jobs" + query))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply submitWithKey(String pipeline, String body, String idempotencyKey) {
        return send(HttpRequest.newBuilder(URI.create(base + "/v1/pipelines/" + pipeline + "/jobs"))
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A POST of {@code body} to {@code path} with {@code headers} (e.g. Content-Type). */
    Reply post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** Submits a job and waits (up to 90 s) until it is terminal; its last view. */
    JsonNode run(String pipeline, String body) throws InterruptedException {
        Reply accepted = submit(pipeline, body, "");
        if (accepted.status() != 200 && accepted.status() != 202) {
            throw new AssertionError("submit to " + pipeline + " answered " + accepted.status() + ": " + accepted.body());
        }
        return awaitTerminal(accepted.body().path("jobId").asText(), Duration.ofSeconds(90));
    }

    /** Polls a job until it is terminal or the timeout passes; returns the last view. */
    JsonNode awaitTerminal(String jobId, Duration timeout) throws InterruptedException {
        return poll(() -> get("/v1/jobs/" + jobId).body(), job -> TERMINAL.contains(job.path("status").asText()), timeout);
    }

    /** Reads {@code read} every 100 ms until {@code done} holds for what it read or the timeout passes; returns the last read. */
    static <T> T poll(java.util.function.Supplier<T> read, java.util.function.Predicate<T> done, Duration timeout)
            throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        T value;
        do {
            value = read.get();
            if (done.test(value)) {
                return value;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < until);
        return value;
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private Reply send(HttpRequest.Builder request) {
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body,
                    r.headers().firstValue("Location").orElse(null), r.headers().firstValue("Retry-After").orElse(null),
                    r.headers());
        } catch (IOException e) {
            throw new IllegalStateException("gateway call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> ids(JsonNode items) {
        return java.util.stream.StreamSupport.stream(items.spliterator(), false).map(i -> i.path("id").asText()).toList();
    }
}
