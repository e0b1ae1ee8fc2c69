package io.braid.inference.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.braid.common.pipeline.ModelSpec;
import io.braid.common.tensor.Tensor;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Json;
import io.braid.common.wire.TaskException;

import java.util.Arrays;

/** Tensors as Open Inference Protocol v2 JSON: one item as a batch of one, and the first output back. */
final class OipTensors {
    private OipTensors() {
    }

    /** {@code {"inputs":[{"name":"input0","shape":[1,...],"datatype":"FP32","data":[...]}]}} of one float item. */
    static ObjectNode request(Tensor t) {
        float[] values;
        try {
            values = t.floats();
        } catch (IllegalStateException e) {
            throw new TaskException(ErrorCode.SHAPE_MISMATCH, "an oip-v2 model is sent float32 tensors; got " + t.dtype());
        }
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("name", "input0");
        ArrayNode shape = input.putArray("shape").add(1);
        Arrays.stream(t.shape()).forEach(shape::add);
        input.put("datatype", "FP32");
        ArrayNode data = input.putArray("data");
        for (float v : values) {
            data.add(v);
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("inputs").add(input);
        return body;
    }

    /** The first output of an answer as a float32 tensor without its batch dimension of 1. */
    static Tensor output(JsonNode answer, ModelSpec spec) {
        JsonNode out = answer.path("outputs").path(0);
        JsonNode shape = out.path("shape");
        JsonNode data = out.path("data");
        if (!shape.isArray() || !data.isArray()) {
            throw new TaskException(ErrorCode.INFERENCE_FAILED, "model '" + spec.name() + "' answered no outputs[0] "
                    + "with shape and data");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asLong();
        }
        if (dims.length > 1 && dims[0] == 1) {
            dims = Arrays.copyOfRange(dims, 1, dims.length);
        }
        float[] values = new float[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) data.get(i).asDouble();
        }
        if (Tensor.elementCount(dims) != values.length) {
            throw new TaskException(ErrorCode.INFERENCE_FAILED, "model '" + spec.name() + "' answered shape "
                    + Arrays.toString(dims) + " with " + values.length + " values");
        }
        return Tensor.ofFloats(dims, values);
    }
}
