package io.braid.devstack;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Prints the demo's jobs: per image the true and predicted digit, the top 3, each branch's outcome. */
final class DemoReport {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    private final PrintStream out;
    private int images;
    private int correct;

    DemoReport(PrintStream out) {
        this.out = out;
    }

    /** Prints one finished (or timed-out) job. */
    void job(JsonNode job, List<DemoImages.Sample> batch, long roundTripMs) {
        JsonNode progress = job.path("progress");
        JsonNode timings = job.path("timings");
        out.printf("Job %s  pipeline %s  %s  progress %s/%s (%.0f %%)%n", job.path("jobId").asText("?"),
                job.path("pipeline").asText("?"), job.path("status").asText("?"),
                progress.path("done").asText("?"), progress.path("total").asText("?"),
                progress.path("percent").asDouble());
        out.println("  timings: " + timings(timings) + " (client round trip " + roundTripMs + " ms)");
        if (job.hasNonNull("traceId")) {
            out.println("  where the time went: ./braid trace " + job.path("jobId").asText() + "   (trace "
                    + job.path("traceId").asText() + ")");
        }
        JsonNode items = job.path("result").path("items");
        if (!items.isArray() || items.isEmpty()) {
            out.println("  (no result" + (DemoClient.TERMINAL.contains(job.path("status").asText())
                    ? ")" : " yet: the job did not finish within the wait; GET /v1/jobs/" + job.path("jobId").asText() + ")"));
            out.println();
            return;
        }
        for (JsonNode item : items) {
            String id = item.path("id").asText();
            String truth = batch.stream().filter(s -> s.id().equals(id)).map(DemoImages.Sample::label)
                    .findFirst().orElse("?");
            JsonNode output = item.path("output");
            String predicted = output.path("label").asText("-");
            images++;
            boolean right = truth.equals(predicted);
            if (right) {
                correct++;
            }
            out.printf("  %-14s true %s  predicted %s  %s  top-3: %s%n", id, truth, predicted,
                    right ? "ok   " : "WRONG", topK(output, 3));
            Iterator<Map.Entry<String, JsonNode>> branches = item.path("branches").fields();
            while (branches.hasNext()) {
                Map.Entry<String, JsonNode> e = branches.next();
                out.println("      " + branch(e.getKey(), e.getValue()));
            }
        }
        out.println();
    }

    /** Prints the accuracy over all printed images. */
    void summary() {
        if (images > 0) {
            out.printf("%d of %d images predicted correctly (%.1f %%)%n", correct, images, 100.0 * correct / images);
        }
    }

    /** Submission time, then time queued, running and in all; the gateway gives instants as epoch ms or ISO-8601. */
    static String timings(JsonNode timings) {
        Instant submitted = instant(timings.path("submittedAt"));
        Instant started = instant(timings.path("startedAt"));
        Instant finished = instant(timings.path("finishedAt"));
        StringBuilder line = new StringBuilder("submitted ")
                .append(submitted == null ? "-" : CLOCK.format(submitted));
        if (submitted != null && started != null) {
            line.append(", queued ").append(Duration.between(submitted, started).toMillis()).append(" ms");
        }
        if (started != null && finished != null) {
            line.append(", ran ").append(Duration.between(started, finished).toMillis()).append(" ms");
        }
        line.append(", total ").append(timings.path("durationMs").asText("-")).append(" ms");
        return line.toString();
    }

    private static Instant instant(JsonNode value) {
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        try {
            return value.isTextual() ? Instant.parse(value.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String branch(String name, JsonNode b) {
        StringBuilder line = new StringBuilder(String.format("%-10s %-9s", name, b.path("status").asText("?")));
        JsonNode output = b.path("output");
        if (output.has("label")) {
            line.append(" label ").append(output.path("label").asText());
            JsonNode top = output.path("topK").path(0);
            if (top.has("probability")) {
                line.append(String.format(" (%.3f)", top.path("probability").asDouble()));
            }
        }
        if (b.hasNonNull("latencyMs")) {
            line.append("  latency ").append(b.path("latencyMs").asText()).append(" ms");
        }
        if (b.path("attempts").asInt(1) > 1) {
            line.append("  attempts ").append(b.path("attempts").asInt());
        }
        JsonNode error = b.path("error");
        if (error.isObject()) {
            line.append("  error ").append(error.path("code").asText()).append(": ").append(error.path("message").asText());
        }
        return line.toString();
    }

    /** The top {@code k} as {@code label prob}, from {@code topK} or else from {@code probabilities}. */
    static String topK(JsonNode output, int k) {
        List<String> parts = new ArrayList<>();
        JsonNode top = output.path("topK");
        if (top.isArray() && !top.isEmpty()) {
            for (int i = 0; i < Math.min(k, top.size()); i++) {
                parts.add(String.format("%s %.3f", top.get(i).path("label").asText(),
                        top.get(i).path("probability").asDouble()));
            }
            return String.join("  ", parts);
        }
        JsonNode probabilities = output.path("probabilities");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < probabilities.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(probabilities.get(b).asDouble(), probabilities.get(a).asDouble()));
        for (int i = 0; i < Math.min(k, order.size()); i++) {
            parts.add(String.format("%d %.3f", order.get(i), probabilities.get(order.get(i)).asDouble()));
        }
        return parts.isEmpty() ? "-" : String.join("  ", parts);
    }
}
