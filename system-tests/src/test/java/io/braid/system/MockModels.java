package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The stack's mock model server, as tests drive it: faults and latencies set at run time, calls counted per model. */
final class MockModels {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    MockModels(String base) {
        this.base = base;
    }

    /** Replaces how {@code model} answers (an entry of devstack/mock-models.yaml, as JSON). */
    void set(String model, String entryJson) {
        send(HttpRequest.newBuilder(URI.create(base + "/admin/models/" + model)).PUT(HttpRequest.BodyPublishers.ofString(entryJson)));
    }

    void resetStats() {
        send(HttpRequest.newBuilder(URI.create(base + "/stats/reset")).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code {calls, inFlight, peakInFlight, status: {...}}} of one model (missing before its first call). */
    JsonNode stats(String model) {
        return send(HttpRequest.newBuilder(URI.create(base + "/stats")).GET()).path(model);
    }

    /** The model's finished calls, each {@code arrivalMs, endMs, status, client}, grouped by client (one Braid item call). */
    Map<String, List<JsonNode>> callsByClient(String model) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        JsonNode calls = send(HttpRequest.newBuilder(URI.create(base + "/stats/" + model + "/calls")).GET());
        JsonNode list = calls.isArray() ? calls : calls.path("calls");
        list.forEach(c -> out.computeIfAbsent(c.path("client").asText(), k -> new ArrayList<>()).add(c));
        out.values().forEach(l -> l.sort(java.util.Comparator.comparingLong(c -> c.path("arrivalMs").asLong())));
        return out;
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("mock answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isBlank() ? Api.JSON.nullNode() : Api.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("mock call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
