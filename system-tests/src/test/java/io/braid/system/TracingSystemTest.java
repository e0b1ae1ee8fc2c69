package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.trace.TraceCommand;
import io.braid.devstack.trace.TraceSpan;
import io.braid.devstack.trace.TraceStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace per job across every service on the real broker: the client's W3C context is continued,
 * every hop's span is a child of the span that sent the record, batches link to the tasks they
 * carried, the stack's own receiver keeps it and {@code ./braid trace} draws it; log lines inside a
 * task carry the job's ids.
 */
class TracingSystemTest {
    private static final Set<String> HOP_SPANS = Set.of("accept", "plan", "preprocess", "preprocess consume",
            "preprocess work", "preprocess produce", "inference", "inference consume", "inference work",
            "inference produce", "queue wait", "postprocess", "postprocess work", "postprocess produce",
            "fan-in record", "join");
    private static Api api;
    private static Map<String, byte[]> digits;

    @BeforeAll
    static void startStack() {
        api = new Api(Stack.get().gatewayUrl());
        digits = HeldOutDigits.load(Stack.repoRoot());
    }

    @Test
    void aJobsTraceContinuesTheCallersContextAndIsOneTreeAcrossEveryServiceWithBatchesLinkedToTheirTasks()
            throws Exception {
        String callerTrace = HexFormat.of().formatHex(randomBytes(16));
        String callerSpan = HexFormat.of().formatHex(randomBytes(8));
        String jobId = submit(threeDigits(), "00-" + callerTrace + "-" + callerSpan + "-01");
        JsonNode job = api.awaitTerminal(jobId, Duration.ofSeconds(120));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("traceId").asText()).isEqualTo(callerTrace);

        TraceStore.JobTrace trace = awaitTrace(jobId, t -> names(t.spans()).containsAll(HOP_SPANS)
                && count(t, "postprocess") == 3 && TraceCommand.complete(t));

        List<TraceSpan> own = trace.spans();
        assertThat(names(own)).containsAll(HOP_SPANS);
        assertThat(own).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(callerTrace));
        Map<String, TraceSpan> byId = own.stream().collect(Collectors.toMap(TraceSpan::spanId, s -> s, (a, b) -> a));
        // no orphans: the only span whose parent is not in the trace is the gateway's server span, a child of the caller
        List<TraceSpan> outside = own.stream().filter(s -> !byId.containsKey(s.parentSpanId())).toList();
        assertThat(outside).singleElement().satisfies(s -> {
            assertThat(s.parentSpanId()).isEqualTo(callerSpan);
            assertThat(s.service()).isEqualTo("braid-gateway");
        });
        assertParent(own, byId, "accept", outside.get(0).name());
        assertParent(own, byId, "plan", "accept");
        assertParent(own, byId, "preprocess", "plan");
        assertParent(own, byId, "inference", "preprocess");
        assertParent(own, byId, "postprocess", "inference");
        assertParent(own, byId, "fan-in record", "postprocess");
        assertParent(own, byId, "join", "fan-in record");
        assertParent(own, byId, "inference work", "inference");
        assertParent(own, byId, "queue wait", "inference work");
        assertThat(own.stream().filter(s -> s.name().equals("inference"))).hasSize(3)
                .allSatisfy(s -> assertThat(s.attributes()).containsEntry("braid.job.id", jobId));

        List<TraceSpan> batches = trace.all().stream().filter(s -> s.name().startsWith("batch ")).toList();
        Set<String> workSpans = own.stream().filter(s -> s.name().equals("inference work")).map(TraceSpan::spanId)
                .collect(Collectors.toSet());
        assertThat(batches).as("one batch per model at least").hasSizeGreaterThanOrEqualTo(3);
        assertThat(batches).allSatisfy(b -> {
            assertThat(b.attributes()).containsKeys("braid.model", "braid.batch.size", "braid.device");
            assertThat(b.links()).as("a batch links the work spans of the tasks it carried")
                    .anySatisfy(l -> assertThat(workSpans).contains(l.spanId()));
        });
        assertThat(workSpans).as("every task's work span is linked from a batch").allSatisfy(w ->
                assertThat(batches).anySatisfy(b -> assertThat(b.links()).extracting(TraceSpan.Link::spanId).contains(w)));
    }

    @Test
    void braidTracePrintsTheWaterfallOfAFinishedJobAndWritesItsPage() throws Exception {
        String jobId = submit(threeDigits(), null);
        assertThat(api.awaitTerminal(jobId, Duration.ofSeconds(120)).path("status").asText()).isEqualTo("SUCCEEDED");
        Path html = Path.of("target", "trace-" + jobId + ".html");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int status = new TraceCommand(Stack.get().traces().url()).run(jobId, html, Duration.ofSeconds(30),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String out = printed.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(status).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).startsWith("job " + jobId + "  trace ");
        assertThat(lines.get(1)).contains("span", "service", "start", "duration", "timeline");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  accept").contains("gateway", "█"));
        assertThat(lines).anySatisfy(l -> assertThat(l.trim()).startsWith("inference work").contains("inference/cpu-"));
        assertThat(lines).anySatisfy(l -> assertThat(l.trim()).startsWith("join").contains("dispatcher"));
        assertThat(lines).anySatisfy(l -> assertThat(l.trim()).startsWith("batch digits-"));
        assertThat(out).doesNotContain("no join span yet");
        assertThat(Files.readString(html)).contains("<table", "join", jobId);
    }

    @Test
    void logLinesInsideATaskCarryTheJobTraceSpanStageAndPool() throws Exception {
        Map<String, byte[]> images = threeDigits();
        String broken = images.keySet().iterator().next();
        images.put(broken, Arrays.copyOf(images.get(broken), 60)); // passes the gateway's header check, fails decoding
        String jobId = submit(images, null);
        JsonNode job = api.awaitTerminal(jobId, Duration.ofSeconds(120));
        String traceId = job.path("traceId").asText();
        assertThat(traceId).hasSize(32);
        Path log = Stack.get().service("preprocess").logFile();

        String line = Api.poll(() -> lineWith(log, jobId), l -> !l.isEmpty(), Duration.ofSeconds(30));

        assertThat(line).contains("jobId=" + jobId, "traceId=" + traceId, "stage=preprocess", "pool=preprocess")
                .containsPattern("spanId=[0-9a-f]{16}");
    }

    private static String lineWith(Path log, String jobId) {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("jobId=" + jobId)).findFirst().orElse("");
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    private static void assertParent(List<TraceSpan> spans, Map<String, TraceSpan> byId, String child, String parent) {
        assertThat(spans.stream().filter(s -> s.name().equals(child))).as(child).isNotEmpty()
                .allSatisfy(s -> assertThat(byId.get(s.parentSpanId())).as("parent of " + child)
                        .extracting(TraceSpan::name).isEqualTo(parent));
    }

    private static TraceStore.JobTrace awaitTrace(String jobId, Predicate<TraceStore.JobTrace> complete)
            throws InterruptedException {
        TraceStore store = Stack.get().traces().store();
        TraceStore.JobTrace none = new TraceStore.JobTrace("", List.of(), List.of());
        return Api.poll(() -> store.traceOf(jobId).map(store::withLinked).orElse(none), complete, Duration.ofSeconds(30));
    }

    private static long count(TraceStore.JobTrace t, String name) {
        return t.spans().stream().filter(s -> s.name().equals(name)).count();
    }

    private static Set<String> names(List<TraceSpan> spans) {
        return spans.stream().map(TraceSpan::name).collect(Collectors.toSet());
    }

    private static Map<String, byte[]> threeDigits() {
        Map<String, byte[]> three = new LinkedHashMap<>();
        digits.keySet().stream().limit(3).forEach(k -> three.put(k, digits.get(k)));
        return three;
    }

    private static String submit(Map<String, byte[]> images, String traceparent) throws Exception {
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(Stack.get().gatewayUrl() + "/v1/pipelines/digits/jobs"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + Stack.get().apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(Api.jobBody(images)));
        if (traceparent != null) {
            post.header("traceparent", traceparent);
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(post.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = Api.JSON.readTree(r.body());
        assertThat(body.path("traceId").asText()).hasSize(32);
        return body.path("jobId").asText();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros (an invalid id)
        return b;
    }
}
