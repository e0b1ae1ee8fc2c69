package io.braid.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client as a browser's {@code EventSource} reads a stream: events arrive one by one
 * while the stream is open ({@link #next}), and {@link #rest} reads until the server ends it.
 */
public final class SseClient implements AutoCloseable {
    /** One event: its {@code event:} name, {@code id:} (null when none) and {@code data:}. */
    public record Event(String name, String id, String data) {
    }

    private static final Event CLOSED = new Event("", null, "");
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread reader;

    private SseClient(Stream<String> lines) {
        this.lines = lines;
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code url} with {@code Authorization: Bearer <key>} and, unless null, {@code Last-Event-ID}. */
    public static SseClient open(URI url, String key, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                    .send(request.build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new AssertionError("events stream answered " + response.statusCode() + ": "
                        + String.join("\n", response.body().toList()));
            }
            return new SseClient(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String name = "message";
        String id = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(name, id, data.toString()));
                    }
                    name = "message";
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).trim());
                }
            }
        } catch (UncheckedIOException closed) {
            // the stream was closed by close()
        } finally {
            events.add(CLOSED);
        }
    }

    /** The next event within {@code timeout}; fails when none comes or the stream ended. */
    public Event next(Duration timeout) {
        try {
            Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("no event within " + timeout);
            }
            if (e == CLOSED) {
                events.add(CLOSED);
                throw new AssertionError("the stream ended");
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** Every event until the server ends the stream, which must happen within {@code timeout}. */
    public List<Event> rest(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> out = new ArrayList<>();
        try {
            while (true) {
                Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("the stream did not end within " + timeout + "; events so far: " + out);
                }
                if (e == CLOSED) {
                    events.add(CLOSED);
                    return out;
                }
                out.add(e);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    @Override
    public void close() {
        lines.close();
    }
}
