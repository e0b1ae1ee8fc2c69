package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads a Server-Sent Events stream of the gateway as the SSE specification parses it (id, event, data lines). */
final class SseReader {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One event: its id (null when the event has none), name and data parsed as JSON. */
    record Event(String id, String name, JsonNode data) {
    }

    /** The events read and whether the server closed the stream (false: the reader stopped). */
    record Read(int status, String contentType, List<Event> events, boolean closedByServer) {
    }

    private SseReader() {
    }

    /**
     * Opens {@code url} with {@code key} and {@code lastEventId} (null: none) and reads until the server
     * closes the stream, {@code stopAfter} holds for an event, or {@code timeout} passes.
     */
    static Read read(String url, String key, String lastEventId, Predicate<Event> stopAfter, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String type = r.headers().firstValue("Content-Type").orElse("");
        List<Event> events = new ArrayList<>();
        long until = System.nanoTime() + timeout.toNanos();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            if (r.statusCode() != 200) {
                return new Read(r.statusCode(), type, events, true);
            }
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        Event e = new Event(id, name == null ? "message" : name, Api.JSON.readTree(data.toString()));
                        events.add(e);
                        if (stopAfter.test(e) || System.nanoTime() > until) {
                            return new Read(200, type, events, false);
                        }
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                }
            }
        }
        return new Read(200, type, events, true);
    }
}
