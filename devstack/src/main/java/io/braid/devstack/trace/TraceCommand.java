package io.braid.devstack.trace;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code ./braid trace JOB [--html FILE]}: asks the stack's trace receiver for the job's trace and prints it
 * as a waterfall; with {@code --html} also writes the same waterfall as a self-contained page. Spans reach
 * the receiver in batches, each service on its own schedule, so it waits up to {@code --wait} seconds (10)
 * until the trace is complete: it has its {@code join} span and every span's parent has arrived.
 */
public final class TraceCommand {
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final int BAR_WIDTH = 40;

    private final String receiverUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param receiverUrl the receiver's base URL, e.g. {@code http://127.0.0.1:41234} */
    public TraceCommand(String receiverUrl) {
        this.receiverUrl = receiverUrl;
    }

    /** Prints the job's waterfall (and writes the page when {@code html} is set); 0, or 1 when no trace came. */
    public int run(String jobId, Path html, Duration wait, PrintStream out) throws IOException, InterruptedException {
        Optional<TraceStore.JobTrace> trace = fetchJoined(jobId, wait);
        if (trace.isEmpty()) {
            out.println("no trace for job " + jobId + " (unknown job, a job older than the receiver keeps, or tracing is off)");
            return 1;
        }
        Waterfall w = new Waterfall(trace.get());
        out.print(w.text(jobId, BAR_WIDTH));
        if (w.rows().stream().noneMatch(r -> "join".equals(r.span().name()))) {
            out.println("(no join span yet: the job is still running, or its last spans are on their way)");
        }
        if (html != null) {
            Files.writeString(html, WaterfallHtml.page(w, jobId), StandardCharsets.UTF_8);
            out.println("wrote " + html.toAbsolutePath());
        }
        return 0;
    }

    /** The job's trace once it is complete (see {@link #complete}), or what there is when {@code wait} passes. */
    public Optional<TraceStore.JobTrace> fetchJoined(String jobId, Duration wait) throws IOException, InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<TraceStore.JobTrace> last = fetch(jobId);
            if (last.map(TraceCommand::complete).orElse(false) || System.nanoTime() >= until) {
                return last;
            }
            Thread.sleep(200);
        }
    }

    /**
     * Whether the trace holds its {@code join} and every parent of its spans, but for the one root that
     * continued a caller's context (the gateway's server span, whose parent is the caller's).
     */
    public static boolean complete(TraceStore.JobTrace trace) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        trace.spans().forEach(s -> ids.add(s.spanId()));
        long missingParents = trace.spans().stream().filter(s -> !s.root() && !ids.contains(s.parentSpanId())).count();
        return missingParents <= 1 && trace.spans().stream().anyMatch(s -> "join".equals(s.name()));
    }

    /** The job's trace as the receiver has it now. */
    public Optional<TraceStore.JobTrace> fetch(String jobId) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create(receiverUrl + "/api/jobs/" + jobId))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<byte[]> r = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new IOException("trace receiver answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return Optional.of(JSON.readValue(r.body(), TraceStore.JobTrace.class));
    }
}
