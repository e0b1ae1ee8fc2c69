package io.braid.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.devstack.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Planner, workers and synthesis on the running stack with the mock model server as the remote models: the research
 * pipeline's synthesis merges a quorum of specialists (and a failing synthesizer leaves the item partial with every
 * answer kept), the triage pipeline's plan grows the job into subtasks that all run and are merged, a plan larger than
 * allowed fails the job with a typed error, and a service refuses to start on a pipeline that does not fit its models.
 */
class AgentPipelinesSystemTest {
    private static final String TICKET = "My printer jams on every page. The app crashes when I log in. "
            + "I was billed twice this month.";
    private static Api api;
    private static MockModels mock;

    @BeforeAll
    static void startStack() {
        api = new Api(Stack.get().gatewayUrl());
        mock = new MockModels(Stack.get().mockModelsUrl());
    }

    /** The synthesizer answers again, and its breaker (open after a test that failed it) has closed. */
    @AfterEach
    void synthesizerBack() throws InterruptedException {
        mock.set("synthesizer", "{\"latency\":{\"fixedMs\":100}}");
        JsonNode job = Api.poll(() -> research("Is the sky blue?"), j -> j.path("result").path("items").path(0)
                .path("synthesis").path("status").asText().equals("ok"), Duration.ofSeconds(40));
        assertThat(job.path("status").asText()).as("the synthesizer recovers: " + job).isEqualTo("SUCCEEDED");
    }

    private static JsonNode research(String question) {
        try {
            return api.run("research", "{\"inputs\":[{\"id\":\"q\",\"text\":\"" + question + "\"}]}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSynthesisOfAQuorumOfSpecialistsIsTheItemsOutputAndEveryAnswerStays() {
        JsonNode job = research("Why did the Roman Empire fall?");
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode item = job.path("result").path("items").path(0);
        assertThat(item.path("reducer").asText()).isEqualTo("synthesis");
        assertThat(item.path("output").path("text").asText()).startsWith("[synthesizer]")
                .contains("Question: Why did the Roman Empire fall?").contains("Specialists' answers");
        assertThat(item.path("synthesis").path("status").asText()).isEqualTo("ok");
        long ok = 0;
        for (String b : new String[]{"analyst", "skeptic", "historian", "practitioner"}) {
            JsonNode branch = item.path("branches").path(b);
            assertThat(branch.path("status").asText()).as(b).isIn("ok", "cancelled", "skipped");
            if (branch.path("status").asText().equals("ok")) {
                ok++;
                assertThat(branch.path("output").path("text").asText()).startsWith("[research-chat]");
            }
        }
        assertThat(ok).as("quorum 3").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aFailingSynthesisLeavesTheItemPartialWithTheBranchAnswersAndTheError() {
        mock.set("synthesizer", "{\"faults\":[{\"type\":\"500\"}]}");
        JsonNode job = research("What is entropy?");
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("PARTIAL");
        JsonNode item = job.path("result").path("items").path(0);
        assertThat(item.path("status").asText()).isEqualTo("partial");
        assertThat(item.path("synthesis").path("status").asText()).isEqualTo("error");
        assertThat(item.path("synthesis").path("error").path("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(item.path("branches").path("analyst").path("output").path("text").asText()).startsWith("[research-chat]");
    }

    @Test
    void aPlanGrowsTheJobIntoSubtasksThatEachRunThroughTheWorkersAndAreMerged() throws InterruptedException {
        JsonNode job = api.run("triage", "{\"inputs\":[{\"id\":\"t\",\"text\":\"" + TICKET + "\"}]}");
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode result = job.path("result");
        assertThat(result.path("plan").path("output").path("data").size()).isEqualTo(3);
        assertThat(Api.ids(result.path("items"))).containsExactly("subtask-0", "subtask-1", "subtask-2");
        assertThat(job.path("progress").path("total").asInt()).as("3 subtasks × 2 workers").isEqualTo(6);
        for (JsonNode item : result.path("items")) {
            assertThat(item.path("branches").path("solver").path("output").path("text").asText()).contains("Subtask: subtask");
            assertThat(item.path("branches").path("checker").path("status").asText()).isEqualTo("ok");
        }
        assertThat(result.path("synthesis").path("status").asText()).isEqualTo("ok");
        assertThat(result.path("output").path("text").asText()).startsWith("[synthesizer]").contains("I was billed twice");
    }

    @Test
    void aPlanLargerThanMaxSubtasksFailsTheJobWithATypedError() throws InterruptedException {
        String ticket = "One. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten.";
        JsonNode job = api.run("triage", "{\"inputs\":[{\"id\":\"t\",\"text\":\"" + ticket + "\"}]}");
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("FAILED");
        assertThat(job.path("error").asText()).contains("10 subtasks").contains("at most 8");
        assertThat(job.path("result").path("plan").path("error").path("code").asText()).isEqualTo("PLAN_INVALID");
    }

    /** One pipeline file per load-time rule: its body and the field and reason the refusal must name. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> misfits() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("input: text\nbranches:\n  - {name: a, model: digits-mlp}\n",
                        "branches[0].model: model 'digits-mlp' takes float32 [1, 28, 28]; the pipeline's items are text"),
                org.junit.jupiter.params.provider.Arguments.of("input: text\npreprocess: {op: tokenize}\n"
                        + "branches:\n  - {name: a, model: research-chat}\n",
                        "preprocess.op: 'tokenize' is not one of [image-to-tensor, text-template, json-select]"),
                org.junit.jupiter.params.provider.Arguments.of("input: image\npreprocess: {op: image-to-tensor, params: "
                        + "{width: wide}}\nbranches:\n  - {name: a, model: digits-mlp}\n",
                        "preprocess.params.width: must be an integer, got 'wide'"),
                org.junit.jupiter.params.provider.Arguments.of("input: text\nbranches:\n  - {name: a, model: research-chat, "
                        + "prompt: \"{{question}}\"}\n", "branches[0].prompt: names {{question}}, which does not exist here"),
                org.junit.jupiter.params.provider.Arguments.of("input: text\nbranches:\n  - {name: a, model: research-chat}\n"
                        + "synthesis: {model: embedder, prompt: x}\n", "synthesis.model: 'embedder' must be a chat model"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("misfits")
    void aServiceRefusesToStartOnAPipelineThatBreaksALoadRuleNamingFileFieldAndReason(String body, String reason,
                                                                                    @TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: bad\n" + body);
        ServiceProcess gateway = Stack.another("gateway", "gateway-bad-" + Math.abs(body.hashCode()),
                Map.of("BRAID_PIPELINES_DIR", dir.toString()));
        try {
            Api.poll(gateway::isAlive, alive -> !alive, Duration.ofSeconds(60));
            assertThat(gateway.isAlive()).as("the gateway exits").isFalse();
            assertThat(log(gateway.logFile())).contains(bad + ": " + reason);
        } finally {
            gateway.kill();
        }
    }

    @Test
    void tensorsInOipV2FormGoStraightToTheModelsAndAreRecognised() throws InterruptedException {
        Map<String, byte[]> ten = new java.util.TreeMap<>();
        HeldOutDigits.load(Stack.repoRoot()).forEach((id, png) -> {
            if (id.endsWith("_000")) {
                ten.put(id, png);
            }
        });
        com.fasterxml.jackson.databind.node.ObjectNode body = Api.JSON.createObjectNode();
        var inputs = body.putArray("inputs");
        for (Map.Entry<String, byte[]> e : ten.entrySet()) {
            var tensor = inputs.addObject().put("id", e.getKey()).putObject("tensor");
            tensor.put("datatype", "FP32").putArray("shape").add(1).add(28).add(28);
            var data = tensor.putArray("data");
            for (float v : grey(e.getValue())) {
                data.add(v);
            }
        }
        JsonNode job = api.run("digits-tensor", body.toString());
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        long right = 0;
        for (JsonNode item : job.path("result").path("items")) {
            right += HeldOutDigits.label(item.path("id").asText()).equals(item.path("output").path("label").asText()) ? 1 : 0;
        }
        assertThat(right).as("held-out digits recognised from tensors").isGreaterThanOrEqualTo(9);
    }

    /** A 28×28 grey PNG as image-to-tensor makes it: grey levels scaled to 0..1, row by row. */
    private static float[] grey(byte[] png) {
        try {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            float[] out = new float[28 * 28];
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    out[y * 28 + x] = (img.getRaster().getSample(x, y, 0)) / 255f;
                }
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String log(Path file) throws IOException {
        return Files.readString(file);
    }
}
