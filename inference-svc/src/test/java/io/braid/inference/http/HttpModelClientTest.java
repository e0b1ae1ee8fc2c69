package io.braid.inference.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.wire.BranchOutput.Usage;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Json;
import io.braid.common.wire.TaskException;
import io.braid.inference.http.ScriptedServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the client sends and how it reads answers, for each protocol. Failures: {@link HttpModelClientRetryTest}. */
class HttpModelClientTest {
    static final String CHAT_ANSWER = """
            {"id":"c1","object":"chat.completion","choices":[{"index":0,
              "message":{"role":"assistant","content":"Bonjour"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""";

    private final ScriptedServer server = ScriptedServer.start();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        server.close();
        scheduler.shutdownNow();
    }

    private HttpModelClient client(HttpModelSettings settings) {
        return new HttpModelClient(settings, http, Clock.systemUTC(), scheduler, new Random(7));
    }

    private HttpModelSettings model(HttpProtocol protocol) {
        return HttpModelSettings.of("m", protocol, server.url() + "/").withRetry(3, 10, 100);
    }

    private static long inSeconds(int s) {
        return System.currentTimeMillis() + s * 1_000L;
    }

    @Test
    void chatPostsModelMessagesAndGenerationSettingsAndReadsTextUsageAndFinishReason() throws Exception {
        server.then(Reply.json(200, CHAT_ANSWER));
        HttpModelClient client = client(model(HttpProtocol.OPENAI_CHAT).withRemoteModel("gpt-remote")
                .withGeneration(64, 0.25));

        ChatReply reply = client.chat("Answer in French.", "Hello", inSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(reply).isEqualTo(new ChatReply("Bonjour", new Usage(12, 3, 15), "stop"));
        ScriptedServer.Request sent = server.requests().get(0);
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.contentType()).isEqualTo("application/json");
        JsonNode body = Json.MAPPER.readTree(sent.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-remote");
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("Answer in French.");
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/1/content").asText()).isEqualTo("Hello");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.25);
        assertThat(client.stats().successes()).isEqualTo(1);
        assertThat(client.stats().attempts()).isEqualTo(1);
    }

    @Test
    void aBlankSystemPromptAndUnsetGenerationSettingsAreLeftOut() throws Exception {
        server.then(Reply.json(200, CHAT_ANSWER));
        client(model(HttpProtocol.OPENAI_CHAT)).chat("  ", "Hello", inSeconds(10)).get(10, TimeUnit.SECONDS);

        JsonNode body = Json.MAPPER.readTree(server.requests().get(0).body());
        assertThat(body.path("model").asText()).isEqualTo("m");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.has("temperature")).isFalse();
    }

    @Test
    void theApiKeyIsSentAsABearerTokenAndNoAuthorizationWithoutOne() throws Exception {
        server.then(Reply.json(200, CHAT_ANSWER), Reply.json(200, CHAT_ANSWER));
        client(model(HttpProtocol.OPENAI_CHAT).withApiKey("sk-test")).chat(null, "Hi", inSeconds(10))
                .get(10, TimeUnit.SECONDS);
        client(model(HttpProtocol.OPENAI_CHAT)).chat(null, "Hi", inSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(server.requests().get(0).authorization()).isEqualTo("Bearer sk-test");
        assertThat(server.requests().get(1).authorization()).isNull();
    }

    @Test
    void embeddingsGoInCallsOfAtMostMaxBatchSizeAndComeBackInInputOrder() throws Exception {
        // each answer lists its vectors in reverse, by index: [length of the text, position in the call]
        server.otherwise(request -> {
            JsonNode input = read(request.body()).path("input");
            StringBuilder data = new StringBuilder();
            for (int i = input.size() - 1; i >= 0; i--) {
                data.append(data.length() == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                        .append(",\"embedding\":[").append(input.get(i).asText().length()).append(',').append(i).append("]}");
            }
            return Reply.json(200, "{\"data\":[" + data + "],\"usage\":{\"prompt_tokens\":" + input.size()
                    + ",\"total_tokens\":" + input.size() + "}}");
        });
        HttpModelClient client = client(model(HttpProtocol.OPENAI_EMBEDDINGS).withMaxBatchSize(2));
        List<String> texts = List.of("a", "bb", "ccc", "dddd", "eeeee");

        Embeddings result = client.embeddings(texts, inSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(server.calls()).isEqualTo(3); // ceil(5 / 2)
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1/embeddings"));
        List<Integer> batchSizes = new ArrayList<>();
        server.requests().forEach(r -> batchSizes.add(read(r.body()).path("input").size()));
        assertThat(batchSizes).containsExactlyInAnyOrder(2, 2, 1);
        assertThat(result.vectors()).hasSize(5);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(result.vectors().get(i)).containsExactly(texts.get(i).length(), i % 2);
        }
        assertThat(result.usage()).isEqualTo(new Usage(5, 0, 5));
        assertThat(client.embed(List.of("zz"), inSeconds(10)).get(10, TimeUnit.SECONDS).get(0)).containsExactly(2, 0);
    }

    @Test
    void whenOneEmbeddingsCallFailsTheWholeRequestFailsWithItsError() {
        server.otherwise(request -> request.body().contains("bad")
                ? Reply.json(400, "{\"error\":\"bad input\"}")
                : Reply.json(200, "{\"data\":[{\"index\":0,\"embedding\":[1.0]}]}"));
        HttpModelClient client = client(model(HttpProtocol.OPENAI_EMBEDDINGS).withMaxBatchSize(1));

        assertFails(client.embed(List.of("ok", "bad", "ok"), inSeconds(10)), ErrorCode.BAD_INPUT, "answered 400");
    }

    @Test
    void anEmptyListOfTextsNeedsNoCall() throws Exception {
        assertThat(client(model(HttpProtocol.OPENAI_EMBEDDINGS)).embed(List.of(), inSeconds(10))
                .get(1, TimeUnit.SECONDS)).isEmpty();
        assertThat(server.calls()).isZero();
    }

    @Test
    void anOipRequestGoesToTheRemoteModelsInferPathAndItsOutputsComeBack() throws Exception {
        String answer = """
                {"model_name":"resnet","outputs":[{"name":"probs","shape":[1,2],"datatype":"FP32","data":[0.25,0.75]}]}""";
        server.then(Reply.json(200, answer));
        HttpModelClient client = client(model(HttpProtocol.OIP_V2).withRemoteModel("resnet"));
        JsonNode request = read("""
                {"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1.0,2.0,3.0]}]}""");

        JsonNode outputs = client.infer(request, inSeconds(10)).get(10, TimeUnit.SECONDS);

        assertThat(server.requests().get(0).path()).isEqualTo("/v2/models/resnet/infer");
        assertThat(read(server.requests().get(0).body())).isEqualTo(request);
        assertThat(outputs.at("/outputs/0/data/1").asDouble()).isEqualTo(0.75);
    }

    @Test
    void aSuccessfulAnswerWithoutTheProtocolsShapeIsInferenceFailedAndNotRetried() {
        server.then(Reply.json(200, "{\"model_name\":\"resnet\"}"), Reply.json(200, "{\"choices\":[]}"),
                Reply.json(200, "not json"));
        HttpModelClient oip = client(model(HttpProtocol.OIP_V2));
        HttpModelClient chat = client(model(HttpProtocol.OPENAI_CHAT));

        assertFails(oip.infer(read("{\"inputs\":[]}"), inSeconds(10)), ErrorCode.INFERENCE_FAILED, "no outputs");
        assertFails(chat.chat(null, "Hi", inSeconds(10)), ErrorCode.INFERENCE_FAILED, "no choices");
        assertFails(chat.chat(null, "Hi", inSeconds(10)), ErrorCode.INFERENCE_FAILED, "unreadable body");
        assertThat(server.calls()).isEqualTo(3);
        assertThat(chat.stats().unreadable()).isEqualTo(2);
        assertThat(chat.breaker().consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void askingAModelForWhatItsProtocolCannotDoFailsWithoutACall() {
        HttpModelClient chat = client(model(HttpProtocol.OPENAI_CHAT));
        assertFails(chat.embed(List.of("x"), inSeconds(10)), ErrorCode.BAD_INPUT, "speaks openai-chat");
        assertFails(chat.infer(read("{\"inputs\":[]}"), inSeconds(10)), ErrorCode.BAD_INPUT, "cannot infer");
        assertFails(client(model(HttpProtocol.OIP_V2)).infer(read("{}"), inSeconds(10)), ErrorCode.BAD_INPUT, "inputs");
        assertThat(server.calls()).isZero();
    }

    static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The future fails (within 15 s) with a TaskException of this code whose message contains {@code text}. */
    static void assertFails(CompletableFuture<?> future, ErrorCode code, String text) {
        assertThatThrownBy(() -> future.get(15, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(TaskException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(text);
    }
}
