package io.braid.inference.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.braid.common.wire.BranchOutput.Usage;
import io.braid.common.wire.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Request bodies and answer parsing of the three protocols. A parser throws {@link IllegalArgumentException}
 * naming what is missing when an answer does not have the protocol's shape.
 */
final class HttpWire {
    /** How much of a remote's body an error message quotes. */
    static final int SNIPPET_CHARS = 300;

    private HttpWire() {
    }

    /** {@code {model, messages:[{role:system,content}?, {role:user,content}], max_tokens?, temperature?}}. */
    static byte[] chatRequest(HttpModelSettings settings, String system, String user) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", settings.remoteModel());
        ArrayNode messages = body.putArray("messages");
        if (system != null && !system.isBlank()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        messages.addObject().put("role", "user").put("content", user);
        if (settings.maxTokens() != null) {
            body.put("max_tokens", settings.maxTokens());
        }
        if (settings.temperature() != null) {
            body.put("temperature", settings.temperature());
        }
        return Json.write(body);
    }

    /** {@code {choices:[{message:{content}, finish_reason}], usage?}} into a reply. */
    static ChatReply parseChat(JsonNode answer) {
        JsonNode choices = answer.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new IllegalArgumentException("no choices in the answer");
        }
        JsonNode first = choices.get(0);
        JsonNode message = first.path("message");
        if (!message.isObject()) {
            throw new IllegalArgumentException("choices[0] has no message");
        }
        JsonNode content = message.path("content");
        String text = content.isTextual() ? content.asText() : null;
        JsonNode finish = first.path("finish_reason");
        return new ChatReply(text, usage(answer), finish.isTextual() ? finish.asText() : null);
    }

    /** {@code {model, input:[texts]}}. */
    static byte[] embeddingsRequest(HttpModelSettings settings, List<String> texts) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", settings.remoteModel());
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        return Json.write(body);
    }

    /**
     * {@code {data:[{index, embedding:[...]}], usage?}} into vectors in input order (by {@code index}; an item
     * without index takes its position). Exactly one vector per input.
     */
    static Embeddings parseEmbeddings(JsonNode answer, int inputs) {
        JsonNode data = answer.path("data");
        if (!data.isArray()) {
            throw new IllegalArgumentException("no data array in the answer");
        }
        if (data.size() != inputs) {
            throw new IllegalArgumentException(data.size() + " embeddings for " + inputs + " inputs");
        }
        float[][] vectors = new float[inputs][];
        for (int pos = 0; pos < data.size(); pos++) {
            JsonNode item = data.get(pos);
            int index = item.path("index").isIntegralNumber() ? item.path("index").asInt() : pos;
            if (index < 0 || index >= inputs || vectors[index] != null) {
                throw new IllegalArgumentException("embedding index " + index + " is out of range or repeated");
            }
            JsonNode embedding = item.path("embedding");
            if (!embedding.isArray()) {
                throw new IllegalArgumentException("data[" + pos + "] has no embedding array");
            }
            float[] v = new float[embedding.size()];
            for (int i = 0; i < v.length; i++) {
                JsonNode x = embedding.get(i);
                if (!x.isNumber()) {
                    throw new IllegalArgumentException("data[" + pos + "].embedding[" + i + "] is not a number");
                }
                v[i] = (float) x.asDouble();
            }
            vectors[index] = v;
        }
        return new Embeddings(new ArrayList<>(Arrays.asList(vectors)), usage(answer));
    }

    /** An OIP v2 answer must carry an {@code outputs} array; it is returned as it came. */
    static JsonNode checkOip(JsonNode answer) {
        if (!answer.path("outputs").isArray()) {
            throw new IllegalArgumentException("no outputs array in the answer");
        }
        return answer;
    }

    /** An OIP v2 request must carry an {@code inputs} array. */
    static byte[] oipRequest(JsonNode request) {
        if (request == null || !request.path("inputs").isArray()) {
            throw new IllegalArgumentException("an OIP v2 request needs an inputs array");
        }
        return Json.write(request);
    }

    /** {@code usage:{prompt_tokens, completion_tokens, total_tokens}}, or null when absent. */
    static Usage usage(JsonNode answer) {
        JsonNode u = answer.path("usage");
        if (!u.isObject()) {
            return null;
        }
        long prompt = u.path("prompt_tokens").asLong(0);
        long completion = u.path("completion_tokens").asLong(0);
        long total = u.has("total_tokens") ? u.path("total_tokens").asLong(0) : prompt + completion;
        return new Usage(prompt, completion, total);
    }

    /** Sums usages; null when both are null. */
    static Usage add(Usage a, Usage b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return new Usage(a.promptTokens() + b.promptTokens(), a.completionTokens() + b.completionTokens(),
                a.totalTokens() + b.totalTokens());
    }

    /** The start of a body for an error message, on one line. */
    static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() <= SNIPPET_CHARS ? line : line.substring(0, SNIPPET_CHARS) + "...";
    }
}
