package io.braid.gateway.oip;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.payload.PayloadKind;
import io.braid.common.tensor.Tensor;
import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.JobItem;
import io.braid.gateway.payload.PayloadLimits;
import io.braid.gateway.payload.TensorPayload;
import io.braid.gateway.payload.TextPayload;
import io.braid.gateway.rest.ApiProblem;
import io.braid.gateway.service.InputDecoder;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The inputs of an inference request to a pipeline that takes text or tensors, as job items:
 * <ul>
 * <li>text: one input {@code text} of datatype {@code BYTES} and shape {@code [N]} (or {@code [N, 1]}), one item per
 * element: in JSON each element a string, as binary data a 4-byte little-endian length and that many bytes of UTF-8.
 * Items are named {@code 0}, {@code 1}, ...</li>
 * <li>tensors: every input is one item, named after the input: datatype FP32, FP64, INT32, INT64 or UINT8, its data
 * as JSON (flat or nested row-major) or binary data (little-endian, exactly the shape's size).</li>
 * </ul>
 * Each item is checked as on {@code /v1} ({@link TextPayload}, {@link TensorPayload}).
 */
final class InferInputs {
    /** The input a text pipeline takes. */
    static final String TEXT = "text";

    private InferInputs() {
    }

    static List<Object> read(String pipeline, PayloadKind kind, JsonNode inputs, ByteBuffer binary, boolean binaryBody,
                             int maxItems, PayloadLimits limits) {
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw ApiProblem.badRequest("'inputs' must hold " + accepted(kind) + " (pipeline '" + pipeline
                    + "' takes " + kind.apiName() + " inputs); got none");
        }
        return kind == PayloadKind.TEXT ? text(pipeline, inputs, binary, binaryBody, maxItems, limits)
                : tensors(inputs, binary, binaryBody, maxItems, limits);
    }

    /** What a pipeline of {@code kind} takes, in words. */
    static String accepted(PayloadKind kind) {
        return kind == PayloadKind.TEXT ? "one input '" + TEXT + "' of datatype BYTES and shape [N]: one text per element"
                + " (strings in JSON, or Triton binary tensor data of UTF-8)"
                : "tensors of datatype " + String.join(", ", TensorPayload.DATATYPES.keySet()) + ", one item each";
    }

    private static List<Object> text(String pipeline, JsonNode inputs, ByteBuffer binary, boolean binaryBody,
                                     int maxItems, PayloadLimits limits) {
        if (inputs.size() != 1) {
            throw ApiProblem.badRequest("'inputs' must hold " + accepted(PayloadKind.TEXT) + "; got " + inputs.size()
                    + " inputs");
        }
        JsonNode in = inputs.get(0);
        InferRequest.rejectUnknown(in, "inputs[0].", InferRequest.INPUT_FIELDS);
        String name = InferRequest.text(in.get("name"), "inputs[0].name");
        if (!TEXT.equals(name)) {
            throw ApiProblem.badRequest("unexpected input '" + name + "': pipeline '" + pipeline + "' takes "
                    + accepted(PayloadKind.TEXT));
        }
        String datatype = InferRequest.text(in.get("datatype"), "inputs[0].datatype");
        if (!"BYTES".equals(datatype)) {
            throw ApiProblem.badRequest("input 'text' has datatype " + datatype + "; it takes BYTES (one text per"
                    + " element)");
        }
        long[] shape = InferRequest.shape(in.get("shape"));
        if (shape.length < 1 || shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
            throw ApiProblem.badRequest("input 'text' has shape " + Arrays.toString(shape) + "; it must be [N] or"
                    + " [N, 1] (one text per element)");
        }
        if (shape[0] < 1 || shape[0] > maxItems) {
            throw ApiProblem.badRequest("input 'text' holds " + shape[0] + " texts; a request takes 1 to " + maxItems);
        }
        List<byte[]> texts = new ArrayList<>();
        ByteBuffer raw = InferRequest.binaryData(in, "input 'text'", binary, binaryBody);
        if (raw != null) {
            while (raw.hasRemaining()) {
                int n = raw.remaining() < 4 ? -1 : raw.getInt();
                if (n < 0 || n > raw.remaining()) {
                    throw ApiProblem.badRequest("input 'text' element " + texts.size() + " has a truncated or wrong"
                            + " 4-byte length");
                }
                byte[] b = new byte[n];
                raw.get(b);
                texts.add(TextPayload.utf8(b, "input 'text' element " + texts.size(), limits.maxTextBytes()));
            }
        } else {
            JsonNode data = in.get("data");
            if (data == null || !data.isArray()) {
                throw ApiProblem.badRequest("input 'text' has no data array (nor parameters.binary_data_size)");
            }
            flatten(data, texts, limits.maxTextBytes());
        }
        if (texts.size() != shape[0]) {
            throw ApiProblem.badRequest("input 'text' has shape " + Arrays.toString(shape) + " but " + texts.size()
                    + " elements");
        }
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            items.add(new JobItem(Integer.toString(i), PayloadKind.TEXT.contentType(), texts.get(i)));
        }
        return items;
    }

    private static void flatten(JsonNode data, List<byte[]> out, int maxBytes) {
        if (data.isArray()) {
            for (JsonNode e : data) {
                flatten(e, out, maxBytes);
            }
        } else if (data.isTextual()) {
            out.add(TextPayload.utf8(data.asText(), "input 'text' element " + out.size(), maxBytes));
        } else {
            throw ApiProblem.badRequest("input 'text' element " + out.size() + " is " + data.getNodeType().toString()
                    .toLowerCase(java.util.Locale.ROOT) + "; BYTES elements in JSON are strings");
        }
    }

    private static List<Object> tensors(JsonNode inputs, ByteBuffer binary, boolean binaryBody, int maxItems,
                                        PayloadLimits limits) {
        if (inputs.size() > maxItems) {
            throw ApiProblem.badRequest("the request has " + inputs.size() + " inputs; a request takes 1 to " + maxItems
                    + " tensors (one item each)");
        }
        List<Object> items = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            String at = "inputs[" + i + "]";
            JsonNode in = inputs.get(i);
            InferRequest.rejectUnknown(in, at + ".", InferRequest.INPUT_FIELDS);
            String name = InferRequest.text(in.get("name"), at + ".name");
            if (name.length() > InputDecoder.MAX_ID_LENGTH) {
                throw ApiProblem.badRequest(at + ".name is " + name.length() + " characters; the limit is "
                        + InputDecoder.MAX_ID_LENGTH);
            }
            if (!names.add(name)) {
                throw ApiProblem.badRequest(at + ".name '" + name + "' is used by another input");
            }
            String datatype = InferRequest.text(in.get("datatype"), at + ".datatype");
            ByteBuffer raw = InferRequest.binaryData(in, at, binary, binaryBody);
            Tensor t = raw != null
                    ? TensorPayload.fromBytes(at, datatype, in.get("shape"), raw, limits.maxTensorElements())
                    : TensorPayload.fromJson(at, datatype, in.get("shape"), in.get("data"), limits.maxTensorElements());
            items.add(new JobItem(name, PayloadKind.TENSOR.contentType(), TensorCodec.encode(t)));
        }
        return items;
    }
}
