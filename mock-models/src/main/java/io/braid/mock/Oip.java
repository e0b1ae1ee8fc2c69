package io.braid.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * Open Inference Protocol v2 (KServe v2 JSON), deterministic, reading the first input only. Numbers count as
 * themselves, booleans as 0/1, strings (BYTES) as the sum of their UTF-8 bytes.
 *
 * <p>Classifier: when the model has {@code outputs: k}, or its name ends in {@code -vision} (k = 10), the answer is
 * {@code output0} of shape {@code [n, k]} (n = the input's first dimension when its rank is at least 2, else 1):
 * per row, the softmax of {@code z_j = 2 sin(0.37 (s+1)(j+1) + 1.3 j)} where {@code s} is the sum of the row's
 * data. Otherwise the input is echoed as FP32 with its shape.
 */
final class Oip {
  private Oip() {}

  static Integer outputs(String model, ModelSpec spec) {
    return spec.outputs() != null ? spec.outputs() : model.endsWith("-vision") ? Integer.valueOf(10) : null;
  }

  static ObjectNode infer(String model, JsonNode req, ModelSpec spec, ObjectMapper json) {
    JsonNode inputs = req.get("inputs");
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw new BadRequest("inputs must be a non-empty array");
    }
    JsonNode in = inputs.get(0);
    if (!in.path("name").isTextual() || !in.path("datatype").isTextual() || !in.path("shape").isArray()
        || !in.path("data").isArray()) {
      throw new BadRequest("each input needs name, shape, datatype and data");
    }
    long[] shape = new long[in.get("shape").size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = in.get("shape").get(i);
      if (!d.isIntegralNumber() || d.asLong() < 0) {
        throw new BadRequest("shape must hold whole numbers >= 0");
      }
      shape[i] = d.asLong();
      count *= shape[i];
    }
    DoubleList data = new DoubleList();
    flatten(in.get("data"), data);
    if (data.size != count) {
      throw new BadRequest("input " + in.get("name").asText() + " has " + data.size
          + " elements, its shape needs " + count);
    }
    ObjectNode out = json.createObjectNode();
    out.put("model_name", model);
    out.put("model_version", "1");
    if (req.hasNonNull("id")) {
      out.set("id", req.get("id"));
    }
    ObjectNode o = out.putArray("outputs").addObject();
    o.put("name", "output0");
    ArrayNode outShape = o.putArray("shape");
    o.put("datatype", "FP32");
    ArrayNode values = o.putArray("data");
    Integer k = outputs(model, spec);
    if (k == null) {
      for (long d : shape) {
        outShape.add(d);
      }
      for (int i = 0; i < data.size; i++) {
        values.add((float) data.values[i]);
      }
      return out;
    }
    int rows = shape.length >= 2 ? (int) shape[0] : 1;
    int perRow = rows == 0 ? 0 : data.size / rows;
    outShape.add(rows).add(k);
    for (int r = 0; r < rows; r++) {
      double sum = 0;
      for (int i = r * perRow; i < (r + 1) * perRow; i++) {
        sum += data.values[i];
      }
      for (float p : softmax(sum, k)) {
        values.add(p);
      }
    }
    return out;
  }

  static float[] softmax(double sum, int k) {
    double[] z = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      z[j] = 2 * Math.sin(0.37 * (sum + 1) * (j + 1) + 1.3 * j);
      max = Math.max(max, z[j]);
    }
    double total = 0;
    for (int j = 0; j < k; j++) {
      z[j] = Math.exp(z[j] - max);
      total += z[j];
    }
    float[] p = new float[k];
    for (int j = 0; j < k; j++) {
      p[j] = (float) (z[j] / total);
    }
    return p;
  }

  static ObjectNode metadata(String model, ModelSpec spec, ObjectMapper json) {
    ObjectNode out = json.createObjectNode();
    out.put("name", model);
    out.putArray("versions").add("1");
    out.put("platform", "braid-mock");
    ObjectNode in = out.putArray("inputs").addObject();
    in.put("name", "input0");
    in.put("datatype", "FP32");
    in.putArray("shape").add(-1);
    ObjectNode o = out.putArray("outputs").addObject();
    o.put("name", "output0");
    o.put("datatype", "FP32");
    Integer k = outputs(model, spec);
    if (k == null) {
      o.putArray("shape").add(-1);
    } else {
      o.putArray("shape").add(-1).add(k);
    }
    return out;
  }

  private static void flatten(JsonNode node, DoubleList out) {
    for (JsonNode v : node) {
      if (v.isArray()) {
        flatten(v, out);
      } else if (v.isNumber()) {
        out.add(v.asDouble());
      } else if (v.isBoolean()) {
        out.add(v.asBoolean() ? 1 : 0);
      } else if (v.isTextual()) {
        long s = 0;
        for (byte b : v.asText().getBytes(StandardCharsets.UTF_8)) {
          s += b & 0xff;
        }
        out.add(s);
      } else {
        throw new BadRequest("data must hold numbers, booleans or strings");
      }
    }
  }

  private static final class DoubleList {
    double[] values = new double[16];
    int size;

    void add(double v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }
}
