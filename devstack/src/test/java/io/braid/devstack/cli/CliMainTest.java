package io.braid.devstack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.braid.devstack.LocalPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against a stand-in gateway that speaks the gateway's contract, including a recorded event stream. */
class CliMainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    HttpServer gateway;
    final List<JsonNode> submitted = new CopyOnWriteArrayList<>();
    final List<String> headers = new CopyOnWriteArrayList<>();
    final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    final AtomicInteger polls = new AtomicInteger();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    String recorded;
    String finished;

    @BeforeEach
    void startGateway() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/cli/digits-job.sse")) {
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        finished = JobTableTest.finishedJob().toString();
        gateway = HttpServer.create(new InetSocketAddress(LocalPorts.HOST, 0), 0);
        gateway.createContext("/v1/pipelines/digits/jobs", exchange -> {
            submitted.add(JSON.readTree(exchange.getRequestBody()));
            headers.add(exchange.getRequestHeaders().getFirst("Authorization") + " | "
                    + exchange.getRequestHeaders().getFirst("Idempotency-Key") + " | " + exchange.getRequestURI().getQuery());
            reply(exchange, 202, "application/json", "{\"jobId\":\"job-1\",\"status\":\"QUEUED\"}");
        });
        gateway.createContext("/v1/pipelines/nope/jobs", exchange -> reply(exchange, 404, "application/problem+json",
                "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"pipeline 'nope' does not exist\"}"));
        gateway.createContext("/v1/jobs/job-1/events", this::events);
        gateway.createContext("/v1/jobs/job-1", exchange -> {
            if (exchange.getRequestMethod().equals("DELETE")) {
                reply(exchange, 409, "application/problem+json",
                        "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"job 'job-1' already finished PARTIAL\"}");
                return;
            }
            reply(exchange, 200, "application/json", polls.incrementAndGet() < 3
                    ? "{\"jobId\":\"job-1\",\"pipeline\":\"digits\",\"status\":\"RUNNING\",\"progress\":{\"done\":2,\"total\":6,\"percent\":33.3}}"
                    : finished);
        });
        gateway.createContext("/v1/pipelines", exchange -> reply(exchange, 200, "application/json", """
                {"pipelines":[{"name":"digits","input":"image","branches":[{"name":"mlp","model":"digits-mlp","pool":"cpu-small"}],
                 "join":{"policy":"all","quorum":0,"maxFailures":0,"deadlineMs":30000,"onTimeout":"partial"},"reducer":"mean"}]}"""));
        gateway.start();
    }

    /**
     * The recorded stream: the first connection breaks off after event 4 in the middle of the next event; a
     * reconnect gets what follows its Last-Event-ID.
     */
    private void events(HttpExchange exchange) throws IOException {
        String lastId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        lastEventIds.add(String.valueOf(lastId));
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        String[] blocks = recorded.split("\n\n");
        int from = 0;
        if (lastId != null) {
            while (!blocks[from].contains("\nid: " + lastId + "\n")) {
                from++;
            }
            from++;
        }
        try (OutputStream body = exchange.getResponseBody()) {
            for (int i = from; i < blocks.length; i++) {
                if (lastId == null && blocks[i].contains("id: 5\n")) {
                    body.write(blocks[i].substring(0, 30).getBytes(StandardCharsets.UTF_8)); // cut mid-event
                    body.flush();
                    return;
                }
                body.write((blocks[i] + "\n\n").getBytes(StandardCharsets.UTF_8));
                body.flush();
            }
        }
    }

    @AfterEach
    void stopGateway() {
        gateway.stop(0);
    }

    private int cli(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("BRAID_URL", "http://" + LocalPorts.HOST + ":" + gateway.getAddress().getPort());
        env.put("BRAID_API_KEY", "k-123");
        return new CliMain(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CliMain.Terminals(false, false)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path image(String name, byte... bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void submitSendsEachFileAsAnInputNamedAfterItAndPrintsTheJobId() throws IOException {
        Path a = image("7_000.png", (byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        Path b = image("3_000.png", (byte) 1);

        int status = cli("submit", "digits", a.toString(), b.toString(), "--deadline-ms", "5000", "--priority=3",
                "--idempotency-key", "run-42");

        assertThat(status).isZero();
        assertThat(out()).isEqualTo("job-1\n");
        assertThat(submitted).singleElement().satisfies(body -> {
            assertThat(body.path("inputs").get(0).path("id").asText()).isEqualTo("7_000.png");
            assertThat(body.path("inputs").get(0).path("image").asText()).isEqualTo("iVBORw==");
            assertThat(body.path("inputs").get(1).path("id").asText()).isEqualTo("3_000.png");
            assertThat(body.path("deadlineMs").asLong()).isEqualTo(5000);
            assertThat(body.path("priority").asInt()).isEqualTo(3);
        });
        assertThat(headers).containsExactly("Bearer k-123 | run-42 | null");
    }

    @Test
    void submitWaitPollsUntilTheJobEndsPrintsTheTableAndExitsWithTheJobsStatus() throws IOException {
        int status = cli("submit", "digits", image("7_000.png", (byte) 1).toString(), "--wait");

        assertThat(status).isEqualTo(ExitCode.PARTIAL);
        assertThat(headers).singleElement().asString().endsWith("| wait=30");
        assertThat(out()).startsWith("job job-1  pipeline digits  PARTIAL")
                .containsPattern("7_000\\.png +partial +7 +7 0\\.930  1 0\\.040  2 0\\.010 +ok 7 12ms +error 30ms x3 +ok 7 15ms");
    }

    @Test
    void watchDrawsProgressFromTheEventsResumesADroppedStreamAndPrintsTheResult() {
        int status = cli("watch", "job-1");

        assertThat(status).isEqualTo(ExitCode.PARTIAL);
        assertThat(lastEventIds).containsExactly("null", "4");
        assertThat(out().lines().toList()).first().isEqualTo("job job-1  RUNNING");
        assertThat(out()).contains("job job-1  PARTIAL  6/6 tasks (100.0 %)  items 1 ok, 1 partial"
                        + " | mlp 2/2 100 %  done | cnn 2/2 100 %  done  1 error | lenet 2/2 100 %  done")
                .contains("\n\njob job-1  pipeline digits  PARTIAL  6/6 (100 %)")
                .containsPattern("3_000\\.png +ok +3 ");
        assertThat(err()).isEmpty();
    }

    @Test
    void submitFollowWithJsonPrintsOnlyTheJobsJsonOnStdoutAndTheProgressOnStderr() throws IOException {
        int status = cli("submit", "digits", image("7_000.png", (byte) 1).toString(), "--follow", "--json");

        assertThat(status).isEqualTo(ExitCode.PARTIAL);
        assertThat(JSON.readTree(out())).isEqualTo(JSON.readTree(finished));
        assertThat(err()).startsWith("job job-1  RUNNING\n").contains("job job-1  PARTIAL");
    }

    @Test
    void getOfARunningJobSaysItIsNotFinishedAndLaterPrintsTheResult() {
        assertThat(cli("get", "job-1")).isEqualTo(ExitCode.NOT_FINISHED);
        assertThat(out()).startsWith("job job-1  pipeline digits  RUNNING  2/6 (33 %)");

        cli("get", "job-1");
        assertThat(cli("get", "job-1", "--json")).isEqualTo(ExitCode.PARTIAL);
        assertThat(out()).contains("\"status\" : \"PARTIAL\"");
    }

    @Test
    void aGatewayWithoutTheEventsEndpointIsPolledInstead() {
        gateway.removeContext("/v1/jobs/job-1/events");
        gateway.createContext("/v1/jobs/job-1/events", exchange -> reply(exchange, 404, "application/problem+json",
                "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no such resource\"}"));

        assertThat(cli("watch", "job-1")).isEqualTo(ExitCode.PARTIAL);
        assertThat(out()).startsWith("job job-1  RUNNING").contains("job job-1  pipeline digits  PARTIAL");
    }

    @Test
    void aStreamThatEndsWithoutAnEventOfAnUnknownJobIsTheJobsNotFound() {
        // an events endpoint that has sent its headers before it found the job unknown can only end the stream
        gateway.createContext("/v1/jobs/gone/events", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        gateway.createContext("/v1/jobs/gone", exchange -> reply(exchange, 404, "application/problem+json",
                "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"job 'gone' does not exist\"}"));

        assertThat(cli("watch", "gone")).isEqualTo(ExitCode.HTTP);
        assertThat(err()).contains("/v1/jobs/gone answered 404 Not Found: job 'gone' does not exist");
    }

    @Test
    void anHttpErrorPrintsTheProblemDetailToStderrAndExitsThree() throws IOException {
        assertThat(cli("submit", "nope", image("a.png", (byte) 1).toString())).isEqualTo(ExitCode.HTTP);
        assertThat(err()).contains("answered 404 Not Found: pipeline 'nope' does not exist");

        assertThat(cli("cancel", "job-1")).isEqualTo(ExitCode.HTTP);
        assertThat(err()).contains("answered 409 Conflict: job 'job-1' already finished PARTIAL");
        assertThat(out()).isEmpty();
    }

    @Test
    void usageErrorsExitTwoAndSayWhatWasWrong() throws IOException {
        Path a = image("a.png", (byte) 1);
        Files.createDirectories(dir.resolve("x"));
        Path twin = image("x/a.png", (byte) 2);
        assertThat(cli("submit", "digits", a.toString(), "--wait", "--follow")).isEqualTo(ExitCode.USAGE);
        assertThat(cli("submit", "digits", dir.resolve("missing.png").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(cli("submit", "digits", a.toString(), twin.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(cli("get")).isEqualTo(ExitCode.USAGE);
        assertThat(cli("pipelines", "--colour")).isEqualTo(ExitCode.USAGE);
        assertThat(cli("frobnicate")).isEqualTo(ExitCode.USAGE);
        assertThat(cli("submit", "digits", a.toString(), "--priority", "high")).isEqualTo(ExitCode.USAGE);
        assertThat(err()).contains("--wait and --follow exclude each other")
                .contains("cannot read '" + dir.resolve("missing.png"))
                .contains("would both be input 'a.png'")
                .contains("get needs one job id")
                .contains("unknown option --colour")
                .contains("unknown command 'frobnicate'")
                .contains("--priority must be a whole number");
        assertThat(submitted).isEmpty();
    }

    @Test
    void anUnreachableGatewayExitsOneNamingWhereItsUrlCameFrom() {
        gateway.stop(0);

        assertThat(cli("pipelines")).isEqualTo(ExitCode.ERROR);
        assertThat(err()).contains("GET http://").contains("/v1/pipelines failed").contains("gateway from BRAID_URL");
    }

    @Test
    void pipelinesPrintsTheirBranchesAndJoinPolicy() {
        assertThat(cli("pipelines")).isZero();
        assertThat(out()).startsWith("digits  input image  join all, deadline 30000 ms, on timeout partial  reducer mean")
                .contains("  mlp     digits-mlp  cpu-small");
    }

    @Test
    void helpPrintsTheCommandsAndExitCodes() {
        assertThat(cli("help")).isZero();
        assertThat(out()).contains("submit PIPELINE FILE...").contains("watch JOB").contains("13 CANCELLED");
        assertThat(Arrays.asList(CliMain.USAGE.split("\n"))).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
