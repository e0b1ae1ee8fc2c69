package io.braid.common.pipeline;

import io.braid.common.ops.ValueShape;
import io.braid.common.payload.PayloadKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pipelines of text models, plans and synthesis: what loads, and each rule that refuses one with file, field, reason. */
class AgentPipelineValidationTest {
    @TempDir
    Path root;
    ModelRepository models;

    @BeforeEach
    void models() throws IOException {
        model("chat", """
                backend: http
                pool: io-remote
                http: {protocol: openai-chat, url: "${MOCK_URL:-http://localhost:8089}", model: gpt-x,
                       maxConcurrency: 8, timeoutMs: 5000, retry: {maxAttempts: 3}, breaker: {failures: 4}}
                """);
        model("embed", """
                backend: http
                pool: io-remote
                http: {protocol: openai-embeddings, url: "http://e:1", dimensions: 8}
                """);
        model("digits", """
                engine: PyTorch
                file: model.pt
                pool: cpu-small
                input: {dtype: float32, shape: [1, 28, 28]}
                output: {dtype: float32, shape: [3]}
                labels: [a, b, c]
                """);
        models = ModelRepository.load(root.resolve("models"));
    }

    private void model(String name, String body) throws IOException {
        Path dir = Files.createDirectories(root.resolve("models/" + name));
        Files.write(dir.resolve("model.pt"), new byte[]{1});
        Files.writeString(dir.resolve("model.yaml"), "name: " + name + "\n" + body);
    }

    private PipelineDefinition load(String body) throws IOException {
        Path dir = Files.createDirectories(root.resolve("pipelines"));
        Files.writeString(dir.resolve("p.yaml"), "name: p\n" + body);
        return PipelineCatalog.parse(dir.resolve("p.yaml"), models);
    }

    private void refused(String body, String field, String reason) {
        assertThatThrownBy(() -> load(body)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("p.yaml: " + field + ": ").hasMessageContaining(reason);
    }

    @Test
    void anHttpModelLoadsWithItsCallSettingsAndRunsInAnIoPool() {
        ModelSpec chat = models.find("chat").orElseThrow();
        assertThat(chat.remote()).isTrue();
        assertThat(chat.device()).isEqualTo(ModelSpec.Device.IO);
        assertThat(chat.http().protocol()).isEqualTo(HttpSpec.Protocol.OPENAI_CHAT);
        assertThat(chat.http().remoteModel()).isEqualTo("gpt-x");
        assertThat(chat.http().maxConcurrency()).isEqualTo(8);
        assertThat(chat.http().maxAttempts()).isEqualTo(3);
        assertThat(chat.http().breakerFailures()).isEqualTo(4);
        assertThat(chat.inputShape()).isEqualTo(ValueShape.of(PayloadKind.TEXT));
        assertThat(models.find("embed").orElseThrow().outputShape().dims()).containsExactly(8);
    }

    @Test
    void theUrlComesFromTheEnvironmentWithItsDefaultOrFromTheModelsOwnOverride() {
        HttpSpec http = models.find("chat").orElseThrow().http();
        assertThat(http.resolvedUrl("chat", Map.<String, String>of()::get)).isEqualTo("http://localhost:8089");
        assertThat(http.resolvedUrl("chat", Map.of("MOCK_URL", "http://m:9/")::get)).isEqualTo("http://m:9");
        assertThat(http.resolvedUrl("chat", Map.of("BRAID_MODEL_CHAT_URL", "https://api.example")::get))
                .isEqualTo("https://api.example");
    }

    @Test
    void aTextPipelineWithPromptsSynthesisAndAPlanLoads() throws IOException {
        PipelineDefinition p = load("""
                input: text
                plan: {model: chat, system: "PLAN-JSON", prompt: "Split: {{input}}", maxSubtasks: 5}
                branches:
                  - {name: a, model: chat, system: "You are A", prompt: "Answer: {{text}}"}
                  - {name: b, model: chat}
                synthesis: {model: chat, prompt: "Merge {{branches.a.text}} and {{branches.b}} for {{input}} {{subtasks}}"}
                """);
        assertThat(p.plan().maxSubtasks()).isEqualTo(5);
        assertThat(p.branches().get(0).system()).isEqualTo("You are A");
        assertThat(p.postprocessOf(p.branches().get(1), models.find("chat").orElseThrow()).op()).isEqualTo("text-output");
        assertThat(p.synthesis().reserveMs()).isEqualTo(2000);
    }

    @Test
    void anUnknownOpOrAnOpOfTheOtherStageIsRefused() {
        refused("input: text\npreprocess: {op: tokenize}\nbranches: [{name: a, model: chat}]\n", "preprocess.op",
                "'tokenize' is not one of [image-to-tensor, text-template, json-select]");
        refused("input: text\npreprocess: {op: classify}\nbranches: [{name: a, model: chat}]\n", "preprocess.op",
                "is not one of");
    }

    @Test
    void anUnknownParameterAMissingRequiredOneOrAWrongTypeIsRefused() {
        refused("input: text\npreprocess: {op: text-template, params: {template: x, size: 3}}\n"
                + "branches: [{name: a, model: chat}]\n", "preprocess.params.size", "is not a parameter of text-template");
        refused("input: text\npreprocess: {op: text-template}\nbranches: [{name: a, model: chat}]\n",
                "preprocess.params.template", "is required by text-template");
        refused("input: image\npreprocess: {op: image-to-tensor, params: {width: wide}}\n"
                + "branches: [{name: a, model: digits}]\n", "preprocess.params.width", "must be an integer");
    }

    @Test
    void aPreprocessOutputThatDoesNotMatchTheModelInputIsRefused() {
        refused("input: image\npreprocess: {op: image-to-tensor, params: {width: 32, height: 32}}\n"
                        + "branches: [{name: a, model: digits}]\n", "branches[0].model",
                "model 'digits' takes float32 [1, 28, 28]; the preprocess step makes float32 [1, 32, 32]");
        refused("input: text\nbranches: [{name: a, model: digits}]\n", "branches[0].model",
                "model 'digits' takes float32 [1, 28, 28]; the pipeline's items are text");
        refused("input: image\npreprocess: {op: text-template, params: {template: x}}\nbranches: [{name: a, model: chat}]\n",
                "preprocess.op", "text-template takes [json, text]; it would get image");
    }

    @Test
    void aTemplateFieldThatDoesNotExistIsRefused() {
        refused("input: text\nbranches: [{name: a, model: chat, prompt: \"{{question}}\"}]\n", "branches[0].prompt",
                "names {{question}}, which does not exist here (known: [text])");
        refused("input: json\ninputFields: [ticket]\npreprocess: {op: text-template, params: {template: \"{{body}}\"}}\n"
                + "branches: [{name: a, model: chat}]\n", "preprocess.params.template", "names {{body}}");
        refused("input: text\nbranches: [{name: a, model: chat}]\nsynthesis: {model: chat, prompt: \"{{branches.z.text}}\"}\n",
                "synthesis.prompt", "names {{branches.z.text}}");
        refused("input: text\nplan: {model: chat, prompt: \"{{text}}\"}\nbranches: [{name: a, model: chat}]\n",
                "plan.prompt", "names {{text}}");
    }

    @Test
    void promptsBelongToTextModelsAndPlanAndSynthesisToChatModels() {
        refused("input: image\npreprocess: {op: image-to-tensor}\nbranches: [{name: a, model: digits, system: hi}]\n",
                "branches[0].system", "applies to text models");
        refused("input: text\nbranches: [{name: a, model: chat}]\nsynthesis: {model: embed, prompt: x}\n",
                "synthesis.model", "'embed' must be a chat model");
        refused("input: image\npreprocess: {op: image-to-tensor}\nbranches: [{name: a, model: digits}]\nplan: {model: chat}\n",
                "plan", "a plan splits a text or json input");
    }

    @Test
    void aReducerThatCombinesClassificationsIsRefusedOverTextBranches() {
        refused("input: text\nbranches: [{name: a, model: chat}, {name: b, model: chat}]\nreducer: vote\n", "reducer",
                "vote combines classifications");
    }

    @Test
    void anImagePipelineNeedsItsPreprocessAndASynthesisReserveMustLeaveTheBranchesTime() {
        refused("input: image\nbranches: [{name: a, model: digits}]\n", "preprocess", "is required for image input");
        refused("input: text\njoin: {deadlineMs: 1000}\nbranches: [{name: a, model: chat}]\n"
                + "synthesis: {model: chat, prompt: x, reserveMs: 1000}\n", "synthesis.reserveMs", "leaves the branches nothing");
    }

    @Test
    void anHttpModelOutsideAnIoPoolOrAPoolOfTwoKindsIsRefused() throws IOException {
        model("odd", "backend: http\npool: cpu-small\ndevice: cpu\nhttp: {protocol: openai-chat, url: \"http://x\"}\n");
        assertThatThrownBy(() -> ModelRepository.load(root.resolve("models")))
                .hasMessageContaining("odd/model.yaml: device: an http model runs in an io pool");
        model("odd", "backend: http\npool: cpu-small\nhttp: {protocol: openai-chat, url: \"http://x\"}\n");
        assertThatThrownBy(() -> ModelRepository.load(root.resolve("models")))
                .hasMessageContaining("pool 'cpu-small' is of kind cpu (model digits)");
        model("odd", "backend: http\npool: io-x\nhttp: {protocol: grpc, url: \"ftp://x\"}\n");
        assertThatThrownBy(() -> ModelRepository.load(root.resolve("models")))
                .hasMessageContaining("http.protocol: 'grpc' is not one of openai-chat, openai-embeddings, oip-v2")
                .hasMessageContaining("http.url: 'ftp://x' must start with http://");
    }
}
