package io.braid.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends many requests at once without a thread each (non-blocking HTTP, one connection per request)
 * and keeps every answer: the shape of load that many online callers put on the gateway.
 */
final class Burst {
    /** One answer: status, body, and the Retry-After header if any. */
    record Answer(int status, String contentType, String body, String retryAfter) {
    }

    private Burst() {
    }

    /** POSTs every body to {@code url} at the same time; returns the answers in the order of the bodies. */
    static List<Answer> post(String url, List<String> bodies, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        List<CompletableFuture<Answer>> pending = new ArrayList<>();
        for (String body : bodies) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + Stack.get().apiKey())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> new Answer(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().firstValue("Retry-After").orElse(null))));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .get(timeout.toSeconds() + 30, TimeUnit.SECONDS);
        return pending.stream().map(CompletableFuture::join).toList();
    }
}
