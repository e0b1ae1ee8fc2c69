package io.braid.devstack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows a job to its end through {@code GET /v1/jobs/{id}/events} and hands every event to a
 * {@link ProgressView}; returns the job as the {@code end} event carries it. A dropped stream is reopened with
 * {@code Last-Event-ID} after the server's {@code retry:} delay (1 s by default); ten drops in a row without an
 * event in between give up. After a stream that ended without any event the job is read once ({@code GET}): an
 * unknown job is then the gateway's 404, a job that is over is shown. A gateway without the events endpoint
 * (404/405/406/501 while the job itself answers to GET) is polled once a second instead.
 */
final class JobFollower {
    private static final int MAX_DROPS = 10;
    private static final long DEFAULT_RETRY_MS = 1000;
    private static final Set<Integer> NO_EVENTS = Set.of(404, 405, 406, 501);

    private final GatewayClient client;
    private final ProgressView view;

    JobFollower(GatewayClient client, ProgressView view) {
        this.client = client;
        this.view = view;
    }

    /**
     * Follows {@code jobId} until it ends or {@code timeout} passes (null: no limit); returns the last view of the
     * job (terminal unless the time ran out).
     */
    JsonNode follow(String jobId, Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        AtomicReference<JsonNode> end = new AtomicReference<>();
        AtomicReference<InputStream> open = new AtomicReference<>();
        long[] events = {0};
        SseParser parser = new SseParser(event -> {
            events[0]++;
            JsonNode data = parse(event.data());
            switch (event.type()) {
                case "status" -> view.status(data);
                case "branch" -> view.branch(data);
                case "item" -> view.item(data);
                case "progress" -> view.progress(data);
                case "end" -> {
                    view.end(data);
                    end.set(data);
                }
                default -> {
                    // other events are not shown
                }
            }
        });
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "braid-cli-timeout");
            t.setDaemon(true);
            return t;
        });
        if (timeout != null) {
            watchdog.schedule(() -> close(open.get()), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        try {
            int drops = 0;
            while (true) {
                if (System.nanoTime() >= deadline) {
                    return finish(client.job(jobId));
                }
                HttpResponse<InputStream> response;
                try {
                    response = client.events(jobId, parser.lastEventId());
                } catch (IOException e) {
                    if (++drops > MAX_DROPS) {
                        throw new CliException(ExitCode.ERROR, "the events of job " + jobId + " cannot be read from "
                                + client.url() + ": " + e.getMessage());
                    }
                    pause(parser, deadline);
                    continue;
                }
                if (response.statusCode() != 200 || !isEventStream(response)) {
                    String body = readQuietly(response.body());
                    if (response.statusCode() == 200 || NO_EVENTS.contains(response.statusCode())) {
                        JsonNode job = client.job(jobId); // a 404 here means the job is unknown: HTTP error
                        return poll(job, deadline);
                    }
                    throw new CliException(ExitCode.HTTP, GatewayClient.problem("GET",
                            response.request().uri(), response.statusCode(), body));
                }
                open.set(response.body());
                long eventsBefore = events[0];
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while (end.get() == null && (line = lines.readLine()) != null) {
                        parser.line(line);
                    }
                } catch (IOException dropped) {
                    // reconnect below
                }
                if (end.get() != null) {
                    return finish(end.get());
                }
                if (events[0] == eventsBefore) {
                    // a stream that ended without an event: the job may be unknown (a 404 here is the answer) or over
                    JsonNode job = client.job(jobId);
                    if (ExitCode.terminal(job.path("status").asText())) {
                        view.end(job);
                        return finish(job);
                    }
                }
                drops = events[0] > eventsBefore ? 1 : drops + 1;
                if (drops > MAX_DROPS) {
                    throw new CliException(ExitCode.ERROR, "the events of job " + jobId + " from " + client.url()
                            + " ended " + MAX_DROPS + " times without an event");
                }
                parser.reset();
                pause(parser, deadline);
            }
        } finally {
            watchdog.shutdownNow();
        }
    }

    /** Polls {@code GET /v1/jobs/{id}} once a second until the job ends or the deadline passes. */
    private JsonNode poll(JsonNode job, long deadline) {
        JsonNode current = job;
        while (true) {
            view.status(current);
            JsonNode progress = current.path("progress");
            if (progress.isObject()) {
                ObjectNode counts = GatewayClient.JSON.createObjectNode();
                counts.set("done", progress.path("done"));
                counts.set("total", progress.path("total"));
                counts.set("percent", progress.path("percent"));
                if (progress.has("eta")) {
                    counts.set("eta", progress.path("eta"));
                }
                view.progress(counts);
            }
            if (ExitCode.terminal(current.path("status").asText()) || System.nanoTime() >= deadline) {
                return finish(current);
            }
            sleep(1000);
            current = client.job(current.path("jobId").asText());
        }
    }

    private JsonNode finish(JsonNode job) {
        view.finish();
        return job;
    }

    private static boolean isEventStream(HttpResponse<InputStream> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
    }

    private static JsonNode parse(String data) {
        try {
            return GatewayClient.JSON.readTree(data);
        } catch (IOException e) {
            return GatewayClient.JSON.createObjectNode();
        }
    }

    private static void pause(SseParser parser, long deadline) {
        long ms = parser.retryMs() >= 0 ? parser.retryMs() : DEFAULT_RETRY_MS;
        long left = (deadline - System.nanoTime()) / 1_000_000;
        sleep(Math.max(0, Math.min(ms, left)));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.ERROR, "interrupted");
        }
    }

    private static String readQuietly(InputStream body) {
        try (body) {
            return new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void close(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing only ends the read
            }
        }
    }
}
