package io.braid.devstack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The gateway's {@code /v1} API as the CLI uses it (JDK HttpClient). Every call sends
 * {@code Authorization: Bearer <key>}; an HTTP error becomes a {@link CliException} with exit status
 * {@link ExitCode#HTTP} whose message carries the problem+json {@code detail}; an unreachable gateway one with
 * {@link ExitCode#ERROR}.
 */
public final class GatewayClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL).build();
    private final CliSettings settings;

    /** A client of the gateway that {@code settings} name. */
    public GatewayClient(CliSettings settings) {
        this.settings = settings;
    }

    /** The gateway's base URL. */
    public String url() {
        return settings.url();
    }

    /** {@code GET /v1/pipelines}. */
    public JsonNode pipelines() {
        return json(send(request("/v1/pipelines").GET(), CALL_TIMEOUT), 200);
    }

    /**
     * {@code POST /v1/pipelines/{pipeline}/jobs}: the accepted job ({@code 202 {jobId,status}}) or, with a wait
     * that the job finishes within, the finished job ({@code 200}).
     *
     * @param waitSeconds {@code ?wait=}; 0 for none
     */
    public JsonNode submit(String pipeline, String body, String idempotencyKey, long waitSeconds) {
        String query = waitSeconds > 0 ? "?wait=" + waitSeconds : "";
        HttpRequest.Builder request = request("/v1/pipelines/" + encode(pipeline) + "/jobs" + query)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return json(send(request, CALL_TIMEOUT.plusSeconds(waitSeconds)), 200, 202);
    }

    /** {@code GET /v1/jobs/{id}}. */
    public JsonNode job(String jobId) {
        return json(send(request("/v1/jobs/" + encode(jobId)).GET(), CALL_TIMEOUT), 200);
    }

    /** {@code DELETE /v1/jobs/{id}}: the cancelled job ({@code 200}) or {@code {jobId,status,cancelRequested}} ({@code 202}). */
    public JsonNode cancel(String jobId) {
        return json(send(request("/v1/jobs/" + encode(jobId)).DELETE(), CALL_TIMEOUT), 200, 202);
    }

    /**
     * Opens {@code GET /v1/jobs/{id}/events}; the caller reads and closes the body. Any status is returned as it
     * is (the caller decides what a 404 means); only a failed connection throws.
     *
     * @param lastEventId sent as {@code Last-Event-ID} when not empty
     */
    public HttpResponse<InputStream> events(String jobId, String lastEventId) throws IOException {
        HttpRequest.Builder request = request("/v1/jobs/" + encode(jobId) + "/events")
                .header("Accept", "text/event-stream").timeout(CALL_TIMEOUT).GET();
        if (lastEventId != null && !lastEventId.isEmpty()) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.ERROR, "interrupted");
        }
    }

    /** The problem an error answer carries, as one line: {@code GET URL answered 404 Not Found: detail}. */
    static String problem(String method, URI uri, int status, String body) {
        String detail = body == null ? "" : body.strip();
        try {
            JsonNode problem = JSON.readTree(detail);
            if (problem != null && problem.isObject()) {
                String title = problem.path("title").asText("");
                String text = problem.path("detail").asText("");
                detail = (title + (title.isEmpty() || text.isEmpty() ? "" : ": ") + text).strip();
            }
        } catch (IOException notJson) {
            // shown as it is
        }
        return method + " " + uri + " answered " + status + (detail.isEmpty() ? "" : " " + detail);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.url() + path))
                .header("User-Agent", "braid-cli");
        return settings.key() == null ? builder : builder.header("Authorization", "Bearer " + settings.key());
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, Duration timeout) {
        HttpRequest request = builder.timeout(timeout).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.ERROR, "interrupted");
        }
    }

    /** The failure for a call that got no answer. */
    CliException unreachable(HttpRequest request, IOException e) {
        return new CliException(ExitCode.ERROR, request.method() + " " + request.uri() + " failed: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + " (gateway from " + settings.urlSource() + "; is it up? ./braid status)");
    }

    private static JsonNode json(HttpResponse<String> response, int... expected) {
        for (int status : expected) {
            if (response.statusCode() == status) {
                try {
                    return JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new CliException(ExitCode.ERROR, response.request().uri() + " answered " + status
                            + " with a body that is not JSON: " + response.body());
                }
            }
        }
        String message = problem(response.request().method(), response.request().uri(), response.statusCode(),
                response.body());
        String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        if (retryAfter != null) {
            message += " (retry after " + retryAfter + " s)";
        }
        throw new CliException(ExitCode.HTTP, message);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
