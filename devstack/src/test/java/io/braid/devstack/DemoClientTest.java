package io.braid.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo client against a stand-in gateway that speaks the gateway's contract. */
class DemoClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path images;
    HttpServer gateway;
    final List<JsonNode> submitted = new CopyOnWriteArrayList<>();
    final AtomicInteger polls = new AtomicInteger();

    @BeforeEach
    void startGateway() throws IOException {
        for (String name : List.of("3_0.png", "7_0.png")) {
            ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", images.resolve(name).toFile());
        }
        gateway = HttpServer.create(new InetSocketAddress(LocalPorts.HOST, 0), 0);
        gateway.createContext("/v1/pipelines/digits/jobs", exchange -> {
            submitted.add(JSON.readTree(exchange.getRequestBody()));
            exchange.getResponseHeaders().add("Location", "/v1/jobs/job-1");
            reply(exchange, 202, "application/json", "{\"jobId\":\"job-1\",\"status\":\"QUEUED\"}");
        });
        gateway.createContext("/v1/pipelines/nope/jobs", exchange -> reply(exchange, 404, "application/problem+json",
                "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"unknown pipeline 'nope'\"}"));
        gateway.createContext("/v1/jobs/job-1", exchange -> reply(exchange, 200, "application/json",
                polls.incrementAndGet() < 2 ? "{\"jobId\":\"job-1\",\"status\":\"RUNNING\"}" : finishedJob()));
        gateway.start();
    }

    @AfterEach
    void stopGateway() {
        gateway.stop(0);
    }

    @Test
    void sendsTheImagesAsBase64AndPrintsPredictionsTopThreeBranchesAndTimings() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoClient client = new DemoClient(url(), null, "digits", images, 1, 2, Duration.ofSeconds(10));

        int status = client.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).isZero();
        assertThat(submitted).singleElement().satisfies(body -> {
            assertThat(body.path("inputs")).hasSize(2);
            assertThat(body.path("inputs").get(0).path("id").asText()).isEqualTo("3_0");
            assertThat(body.path("inputs").get(0).path("image").asText()).startsWith("iVBOR"); // PNG magic in base64
        });
        assertThat(out).contains("Job job-1  pipeline digits  SUCCEEDED  progress 2/2 (100 %)")
                .containsPattern("timings: submitted \\d\\d:\\d\\d:00\\.000, queued 3 ms, ran 38 ms, total 41 ms")
                .containsPattern("3_0 +true 3  predicted 3 +ok +top-3: 3 0\\.900  8 0\\.050  5 0\\.030")
                .containsPattern("7_0 +true 7  predicted 1 +WRONG")
                .containsPattern("mlp +SUCCEEDED label 3 \\(0\\.910\\)  latency 12 ms")
                .containsPattern("cnn +FAILED +latency 30 ms  attempts 3  error MODEL_ERROR: boom")
                .contains("1 of 2 images predicted correctly (50.0 %)");
    }

    @Test
    void aProblemResponseFailsWithItsDetail() {
        DemoClient client = new DemoClient(url(), null, "nope", images, 1, 2, Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .hasMessageContaining("answered 404 Not Found: unknown pipeline 'nope'");
    }

    private String url() {
        return "http://" + LocalPorts.HOST + ":" + gateway.getAddress().getPort();
    }

    private static String finishedJob() {
        String item3 = """
                {"id":"3_0","index":0,"output":{"label":"3","probabilities":[0,0,0,0.9,0,0.03,0,0,0.05,0],
                 "topK":[{"label":"3","probability":0.9},{"label":"8","probability":0.05},{"label":"5","probability":0.03}]},
                 "branches":{"mlp":{"status":"SUCCEEDED","output":{"label":"3","topK":[{"label":"3","probability":0.91}]},
                 "attempts":1,"latencyMs":12},
                 "cnn":{"status":"FAILED","error":{"code":"MODEL_ERROR","message":"boom"},"attempts":3,"latencyMs":30}}}""";
        String item7 = """
                {"id":"7_0","index":1,"output":{"label":"1","probabilities":[0,0.6,0,0,0,0,0,0.4,0,0]},"branches":{}}""";
        return "{\"jobId\":\"job-1\",\"pipeline\":\"digits\",\"status\":\"SUCCEEDED\","
                + "\"progress\":{\"done\":2,\"total\":2,\"percent\":100},"
                + "\"timings\":{\"submittedAt\":\"2026-01-01T00:00:00Z\",\"startedAt\":\"2026-01-01T00:00:00.003Z\","
                + "\"finishedAt\":\"2026-01-01T00:00:00.041Z\",\"durationMs\":41},"
                + "\"result\":{\"items\":[" + item3 + "," + item7 + "]}}";
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
