package io.braid.gateway.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.braid.common.image.ImageLimits;
import io.braid.common.payload.PayloadKind;
import io.braid.common.wire.JobItem;
import io.braid.gateway.payload.PayloadLimits;
import io.braid.gateway.rest.ApiProblem;
import io.braid.gateway.rest.JsonErrors;
import io.braid.gateway.service.InputDecoder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * An Open Inference Protocol v2 inference request ({@code POST /v2/models/<name>/infer}), parsed and checked.
 * The body is JSON ({@code id}, {@code parameters}, {@code inputs}, {@code outputs}), or, with the header
 * {@code Inference-Header-Content-Length: <n>} (Triton's binary tensor data extension, what tritonclient sends by
 * default), <i>n</i> bytes of that JSON followed by the tensors' raw bytes.
 * <p>
 * The one input is {@code image}: datatype {@code BYTES}, shape {@code [N]} (or {@code [N, 1]}), one encoded PNG or
 * JPEG image per element. In JSON each element is a string holding the image's base64; as binary data each element
 * is a 4-byte little-endian length followed by the image's bytes. Or it is a tensor of grey pixels, {@code UINT8}
 * or {@code FP32} of shape {@code [N, H, W]} or {@code [N, 1, H, W]} ({@link PixelTensor}).
 *
 * @param id         the request id, echoed in the response; may be null
 * @param encoded    the images, in order: base64 strings (JSON), raw bytes (binary data) or pixels; for text and
 *                   tensor pipelines the job items themselves ({@link InferInputs})
 * @param timeoutUs  the {@code timeout} parameter in microseconds (Triton's unit), null when absent
 * @param priority   the {@code priority} parameter, null when absent
 * @param outputs    the requested output names, in order; empty for all
 */
public record InferRequest(String id, List<Object> encoded, Long timeoutUs, Long priority, List<String> outputs) {
    /** The input tensor a pipeline or a model served alone takes. */
    public static final String INPUT = "image";
    /** Triton's binary tensor data extension: length of the JSON header that starts the body. */
    public static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    private static final Set<String> FIELDS = Set.of("id", "parameters", "inputs", "outputs");
    static final Set<String> INPUT_FIELDS = Set.of("name", "shape", "datatype", "parameters", "data");
    private static final Set<String> OUTPUT_FIELDS = Set.of("name", "parameters");
    private static final String ACCEPTED = "one input '" + INPUT + "' of datatype BYTES and shape [N]: one encoded"
            + " PNG or JPEG image per element (base64 strings in JSON, or Triton binary tensor data)";

    /** Parses {@code body} for an image pipeline; {@code headerLength} is the {@value #HEADER_LENGTH} header, null for JSON. */
    public static InferRequest parse(ObjectMapper json, byte[] body, String headerLength, int maxItems) {
        return parse(json, body, headerLength, maxItems, "", PayloadKind.IMAGE, null);
    }

    /**
     * Parses {@code body} for a pipeline of input kind {@code kind}: images as described above; text and tensors as
     * {@link InferInputs} reads them (their items made at once, checked against {@code limits}); JSON refused.
     */
    public static InferRequest parse(ObjectMapper json, byte[] body, String headerLength, int maxItems,
                                     String pipeline, PayloadKind kind, PayloadLimits limits) {
        if (kind == PayloadKind.JSON) {
            throw ApiProblem.badRequest("pipeline '" + pipeline + "' takes json inputs, which the Open Inference "
                    + "Protocol has no datatype for; use /v1: POST /v1/pipelines/" + pipeline + "/jobs with "
                    + "{\"inputs\": [{\"id\", \"json\"}]}");
        }
        int jsonLength = body.length;
        if (headerLength != null) {
            try {
                jsonLength = Integer.parseInt(headerLength.trim());
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest(HEADER_LENGTH + " must be a number of bytes, got '" + headerLength + "'");
            }
            if (jsonLength < 0 || jsonLength > body.length) {
                throw ApiProblem.badRequest(HEADER_LENGTH + " is " + jsonLength + " but the body has " + body.length
                        + " bytes");
            }
        }
        if (jsonLength == 0) {
            throw ApiProblem.badRequest("the inference request has no body; it needs " + ACCEPTED);
        }
        JsonNode root;
        try {
            root = json.readTree(new String(body, 0, jsonLength, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest(JsonErrors.describe(e));
        }
        if (root == null || !root.isObject()) {
            throw ApiProblem.badRequest("the inference request must be a JSON object with 'inputs'");
        }
        rejectUnknown(root, "", FIELDS);
        String id = root.has("id") ? text(root.get("id"), "id") : null;
        JsonNode params = root.path("parameters");
        Long timeout = integer(params, "timeout", 1);
        Long priority = integer(params, "priority", Long.MIN_VALUE);
        JsonNode inputs = root.get("inputs");
        ByteBuffer binary = ByteBuffer.wrap(body, jsonLength, body.length - jsonLength).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        List<Object> encoded;
        if (kind == PayloadKind.IMAGE) {
            if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
                throw ApiProblem.badRequest("'inputs' must hold " + ACCEPTED + "; got "
                        + (inputs == null || !inputs.isArray() ? "none" : inputs.size() + " inputs"));
            }
            encoded = input(inputs.get(0), binary, headerLength != null, maxItems);
        } else {
            encoded = InferInputs.read(pipeline, kind, inputs, binary, headerLength != null, maxItems, limits);
        }
        if (binary.hasRemaining()) {
            throw ApiProblem.badRequest("the body has " + binary.remaining() + " bytes of binary data that no input"
                    + " claims (parameters.binary_data_size)");
        }
        return new InferRequest(id, encoded, timeout, priority, outputs(root.get("outputs")));
    }

    private static List<Object> input(JsonNode in, ByteBuffer binary, boolean binaryBody, int maxItems) {
        if (!in.isObject()) {
            throw ApiProblem.badRequest("inputs[0] must be an object with name, shape, datatype and data");
        }
        rejectUnknown(in, "inputs[0].", INPUT_FIELDS);
        String name = text(in.get("name"), "inputs[0].name");
        if (!INPUT.equals(name)) {
            throw ApiProblem.badRequest("unexpected input '" + name + "': this endpoint takes " + ACCEPTED);
        }
        String datatype = text(in.get("datatype"), "inputs[0].datatype");
        long[] shape = shape(in.get("shape"));
        ByteBuffer tensor = binaryData(in, binary, binaryBody);
        if (PixelTensor.DATATYPES.contains(datatype)) {
            return PixelTensor.read(in, datatype, shape, tensor, maxItems);
        }
        if (!"BYTES".equals(datatype)) {
            throw ApiProblem.badRequest("input 'image' has datatype " + datatype + "; this endpoint takes " + ACCEPTED
                    + ", " + PixelTensor.ACCEPTED);
        }
        if (shape.length < 1 || shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
            throw ApiProblem.badRequest("input 'image' has shape " + Arrays.toString(shape) + "; as BYTES it must be"
                    + " [N] or [N, 1] (one encoded image per element)");
        }
        if (shape[0] < 1 || shape[0] > maxItems) {
            throw ApiProblem.badRequest("input 'image' holds " + shape[0] + " images; a request takes 1 to " + maxItems);
        }
        List<Object> out = new ArrayList<>();
        if (tensor != null) {
            while (tensor.hasRemaining()) {
                if (tensor.remaining() < 4) {
                    throw ApiProblem.badRequest("input 'image' element " + out.size() + " has a truncated 4-byte length");
                }
                int n = tensor.getInt();
                if (n < 0 || n > tensor.remaining()) {
                    throw ApiProblem.badRequest("input 'image' element " + out.size() + " declares " + n
                            + " bytes; " + tensor.remaining() + " remain");
                }
                byte[] b = new byte[n];
                tensor.get(b);
                out.add(b);
            }
        } else {
            JsonNode data = in.get("data");
            if (data == null) {
                throw ApiProblem.badRequest("input 'image' has no data (nor parameters.binary_data_size)");
            }
            flatten(data, out);
        }
        if (out.size() != shape[0]) {
            throw ApiProblem.badRequest("input 'image' has shape " + Arrays.toString(shape) + " but " + out.size()
                    + " elements");
        }
        return out;
    }

    /** The bytes of {@code in}'s {@code binary_data_size} taken from {@code binary}, or null when it has none. */
    private static ByteBuffer binaryData(JsonNode in, ByteBuffer binary, boolean binaryBody) {
        return binaryData(in, "input 'image'", binary, binaryBody);
    }

    /** As {@link #binaryData(JsonNode, ByteBuffer, boolean)}; {@code what} names the input in errors. */
    static ByteBuffer binaryData(JsonNode in, String what, ByteBuffer binary, boolean binaryBody) {
        JsonNode size = in.path("parameters").get("binary_data_size");
        if (size == null) {
            return null;
        }
        if (!binaryBody) {
            throw ApiProblem.badRequest(what + " has parameters.binary_data_size but the request has no "
                    + HEADER_LENGTH + " header");
        }
        if (in.has("data")) {
            throw ApiProblem.badRequest(what + " has both data and parameters.binary_data_size");
        }
        if (!size.canConvertToLong() || size.asLong() < 0 || size.asLong() > binary.remaining()) {
            throw ApiProblem.badRequest(what + " has binary_data_size " + size + " but " + binary.remaining()
                    + " bytes of binary data follow the JSON");
        }
        ByteBuffer tensor = binary.slice().limit((int) size.asLong()).order(ByteOrder.LITTLE_ENDIAN);
        binary.position(binary.position() + (int) size.asLong());
        return tensor;
    }

    private static void flatten(JsonNode data, List<Object> out) {
        if (data.isArray()) {
            for (JsonNode e : data) {
                flatten(e, out);
            }
        } else if (data.isTextual()) {
            out.add(data.asText());
        } else {
            throw ApiProblem.badRequest("input 'image' element " + out.size() + " is " + data.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT) + "; BYTES elements in JSON are strings (base64"
                    + " of an encoded image)");
        }
    }

    /** The job items: each element decoded (base64) and its image header checked against {@code limits}. */
    public List<JobItem> items(ImageLimits limits) {
        List<JobItem> items = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            if (encoded.get(i) instanceof JobItem ready) {
                items.add(ready);
                continue;
            }
            byte[] bytes;
            if (encoded.get(i) instanceof PixelTensor.Pixels pixels) {
                bytes = pixels.png();
            } else if (encoded.get(i) instanceof String s) {
                try {
                    bytes = Base64.getDecoder().decode(s.replaceAll("\\s+", ""));
                } catch (IllegalArgumentException e) {
                    throw ApiProblem.badRequest("input 'image' element " + i + " is not valid base64: " + e.getMessage());
                }
            } else {
                bytes = (byte[]) encoded.get(i);
            }
            String id = Integer.toString(i);
            String type;
            try {
                type = InputDecoder.contentType(bytes, i, id, limits);
            } catch (ApiProblem e) {
                throw ApiProblem.badRequest(e.getMessage().replace("inputs[" + i + "].image", "input 'image' element " + i));
            }
            items.add(new JobItem(id, type, bytes));
        }
        return items;
    }

    private static List<String> outputs(JsonNode outputs) {
        if (outputs == null || outputs.isNull()) {
            return List.of();
        }
        if (!outputs.isArray()) {
            throw ApiProblem.badRequest("'outputs' must be an array of {\"name\"}");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            rejectUnknown(outputs.get(i), "outputs[" + i + "].", OUTPUT_FIELDS);
            names.add(text(outputs.get(i).get("name"), "outputs[" + i + "].name"));
        }
        return names;
    }

    static long[] shape(JsonNode shape) {
        if (shape == null || !shape.isArray()) {
            throw ApiProblem.badRequest("inputs[0].shape must be an array of integers, e.g. [N]");
        }
        long[] out = new long[shape.size()];
        for (int i = 0; i < out.length; i++) {
            if (!shape.get(i).isIntegralNumber() || shape.get(i).asLong() < 0) {
                throw ApiProblem.badRequest("inputs[0].shape[" + i + "] must be a non-negative integer, got " + shape.get(i));
            }
            out[i] = shape.get(i).asLong();
        }
        return out;
    }

    private static Long integer(JsonNode params, String name, long min) {
        JsonNode v = params.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min) {
            throw ApiProblem.badRequest("parameters." + name + " must be an integer"
                    + (min == 1 ? " of at least 1" : "") + ", got " + v);
        }
        return v.asLong();
    }

    static String text(JsonNode v, String field) {
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw ApiProblem.badRequest(field + " must be a non-empty string");
        }
        return v.asText();
    }

    static void rejectUnknown(JsonNode node, String prefix, Set<String> known) {
        if (!node.isObject()) {
            throw ApiProblem.badRequest((prefix.isEmpty() ? "the request" : prefix.substring(0, prefix.length() - 1))
                    + " must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw ApiProblem.badRequest("unknown field '" + prefix + f + "'; known: " + known.stream().sorted().toList());
            }
        }
    }

    /** Parses {@code body} as JSON for tests and callers that have no binary part. */
    static InferRequest parseJson(ObjectMapper json, String body, int maxItems) {
        return parse(json, body.getBytes(StandardCharsets.UTF_8), null, maxItems);
    }
}
