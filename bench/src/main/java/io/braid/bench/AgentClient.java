package io.braid.bench;

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
import java.util.concurrent.CompletableFuture;

/** The agent benchmark's HTTP: the gateway (text jobs) and the mock model server (admin, stats, direct calls). */
final class AgentClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String gateway;
    private final String key;
    private final String mock;

    AgentClient(String gateway, String key, String mock) {
        this.gateway = gateway;
        this.key = key;
        this.mock = mock;
    }

    static String texts(int n, String prefix) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (int i = 0; i < n; i++) {
            inputs.addObject().put("id", "q" + i).put("text", prefix + " " + i);
        }
        return body.toString();
    }

    /** Submits a job; with {@code waitS} > 0 the answer is the finished job (or its state after that long). */
    CompletableFuture<JsonNode> submit(String pipeline, String body, int waitS) {
        String q = waitS > 0 ? "?wait=" + waitS : "";
        return send(HttpRequest.newBuilder(URI.create(gateway + "/v1/pipelines/" + pipeline + "/jobs" + q))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    CompletableFuture<JsonNode> job(String id) {
        return send(HttpRequest.newBuilder(URI.create(gateway + "/v1/jobs/" + id)).header("Authorization", "Bearer " + key));
    }

    CompletableFuture<JsonNode> cancel(String id) {
        return send(HttpRequest.newBuilder(URI.create(gateway + "/v1/jobs/" + id)).header("Authorization", "Bearer " + key)
                .DELETE());
    }

    void setModel(String model, String entry) {
        join(send(HttpRequest.newBuilder(URI.create(mock + "/admin/models/" + model))
                .PUT(HttpRequest.BodyPublishers.ofString(entry))));
    }

    void resetStats() {
        join(send(HttpRequest.newBuilder(URI.create(mock + "/stats/reset")).POST(HttpRequest.BodyPublishers.noBody())));
    }

    JsonNode stats(String model) {
        return join(send(HttpRequest.newBuilder(URI.create(mock + "/stats")))).path(model);
    }

    JsonNode calls(String model) {
        JsonNode calls = join(send(HttpRequest.newBuilder(URI.create(mock + "/stats/" + model + "/calls"))));
        return calls.isArray() ? calls : calls.path("calls");
    }

    /** One chat call made straight to the mock, as a client without Braid would make it; its latency in ms. */
    double directChat(String model, String system, String user) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        body.putArray("messages").add(JSON.createObjectNode().put("role", "system").put("content", system))
                .add(JSON.createObjectNode().put("role", "user").put("content", user));
        long t0 = System.nanoTime();
        join(send(HttpRequest.newBuilder(URI.create(mock + "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))));
        return (System.nanoTime() - t0) / 1e6;
    }

    private CompletableFuture<JsonNode> send(HttpRequest.Builder request) {
        return http.sendAsync(request.timeout(Duration.ofSeconds(300)).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> {
                    try {
                        JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
                        if (body.isObject()) {
                            ((ObjectNode) body).put("_http", r.statusCode());
                        }
                        return body;
                    } catch (IOException e) {
                        throw new IllegalStateException("not JSON (" + r.statusCode() + "): " + r.body(), e);
                    }
                });
    }

    static <T> T join(CompletableFuture<T> f) {
        return f.join();
    }
}
