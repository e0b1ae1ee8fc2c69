package io.braid.inference.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.braid.common.ops.ItemFields;
import io.braid.common.ops.Template;
import io.braid.common.payload.Payload;
import io.braid.common.payload.PayloadCodec;
import io.braid.common.pipeline.ModelSpec;
import io.braid.common.tensor.DType;
import io.braid.common.tensor.Tensor;
import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Json;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;
import io.braid.common.wire.WireFormatException;
import io.braid.inference.http.ChatReply;
import io.braid.inference.http.HttpModelClient;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An http model of an io pool: turns a task's items into calls of its {@link HttpModelClient} (chat: one call per
 * item with the step's system prompt and the prompt template rendered over the item; embeddings: the task's items in
 * calls of up to {@code maxBatchSize}; OIP v2: one infer call per item) and the answers into the values the next stage
 * takes (a chat reply as a JSON payload {@code {text, usage, finishReason}}, a vector or an OIP output as a tensor).
 * Every item ends on its own, as an output or a typed error; none outlives the task's deadline.
 */
public final class RemoteModel {
    private final ModelSpec spec;
    private final HttpModelClient client;

    public RemoteModel(ModelSpec spec, HttpModelClient client) {
        this.spec = spec;
        this.client = client;
    }

    public ModelSpec spec() {
        return spec;
    }

    public HttpModelClient client() {
        return client;
    }

    /** One future per item, each completing with its output record or a {@link TaskException}. */
    public List<CompletableFuture<byte[]>> run(Step step, List<byte[]> items, long deadlineEpochMs) {
        return switch (spec.http().protocol()) {
            case OPENAI_CHAT -> items.stream().map(i -> chat(step, i, deadlineEpochMs)).toList();
            case OPENAI_EMBEDDINGS -> embed(step, items, deadlineEpochMs);
            case OIP_V2 -> items.stream().map(i -> infer(i, deadlineEpochMs)).toList();
        };
    }

    private CompletableFuture<byte[]> chat(Step step, byte[] item, long deadline) {
        String user;
        try {
            user = userMessage(step, payload(item));
        } catch (TaskException e) {
            return CompletableFuture.failedFuture(e);
        }
        Object system = step.params().get("system");
        return client.chat(system == null ? null : system.toString(), user, deadline).thenApply(RemoteModel::reply);
    }

    /** The user message: the step's prompt template over the item's fields, else the item's text (or JSON) as is. */
    static String userMessage(Step step, Payload item) {
        Object prompt = step.params().get("prompt");
        return prompt == null ? item.string() : ItemFields.render(Template.of(prompt.toString()), item);
    }

    static byte[] reply(ChatReply r) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("text", r.text());
        if (r.usage() != null) {
            out.set("usage", Json.MAPPER.valueToTree(r.usage()));
        }
        if (r.finishReason() != null) {
            out.put("finishReason", r.finishReason());
        }
        return PayloadCodec.encode(Payload.json(Json.write(out)));
    }

    private List<CompletableFuture<byte[]>> embed(Step step, List<byte[]> items, long deadline) {
        List<CompletableFuture<byte[]>> out = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<CompletableFuture<byte[]>> pending = new ArrayList<>();
        for (byte[] item : items) {
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            out.add(f);
            try {
                texts.add(userMessage(step, payload(item)));
                pending.add(f);
            } catch (TaskException e) {
                f.completeExceptionally(e);
            }
        }
        if (!texts.isEmpty()) {
            client.embed(texts, deadline).whenComplete((vectors, failure) -> {
                for (int i = 0; i < pending.size(); i++) {
                    if (failure != null) {
                        pending.get(i).completeExceptionally(unwrap(failure));
                    } else {
                        float[] v = vectors.get(i);
                        pending.get(i).complete(TensorCodec.encode(Tensor.ofFloats(new long[]{v.length}, v)));
                    }
                }
            });
        }
        return out;
    }

    private CompletableFuture<byte[]> infer(byte[] item, long deadline) {
        Tensor input;
        try {
            input = TensorCodec.decode(item);
        } catch (WireFormatException e) {
            return CompletableFuture.failedFuture(new TaskException(ErrorCode.POISON_RECORD,
                    "an oip-v2 model takes a tensor: " + e.getMessage(), e));
        }
        return client.infer(OipTensors.request(input), deadline).thenApply(r -> TensorCodec.encode(OipTensors.output(r, spec)));
    }

    private static Payload payload(byte[] item) {
        try {
            return PayloadCodec.decode(item);
        } catch (WireFormatException e) {
            throw new TaskException(ErrorCode.POISON_RECORD, "a text model takes a text or JSON item: " + e.getMessage(), e);
        }
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
