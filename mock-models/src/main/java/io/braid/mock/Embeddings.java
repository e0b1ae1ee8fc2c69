package io.braid.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI embeddings, deterministic: component {@code i} of a text's vector comes from the 4 bytes at
 * {@code 4*(i%8)} of sha256(text + "#" + i/8), read as a signed int and scaled to [-1, 1); the vector is then
 * L2-normalised. The dimension is the request's {@code dimensions}, else the model's (default 8).
 */
final class Embeddings {
  private Embeddings() {}

  static ObjectNode answer(JsonNode req, ModelSpec spec, ObjectMapper json) {
    String model = Chat.model(req);
    List<String> inputs = inputs(req.get("input"));
    if (req.hasNonNull("encoding_format") && !req.get("encoding_format").asText().equals("float")) {
      throw new BadRequest("the mock supports encoding_format float only");
    }
    int dims = req.hasNonNull("dimensions") ? ModelSpec.positive(req.get("dimensions"), "dimensions")
        : spec.dimensions();
    ObjectNode out = json.createObjectNode();
    out.put("object", "list");
    ArrayNode data = out.putArray("data");
    int tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      ObjectNode e = data.addObject();
      e.put("object", "embedding");
      e.put("index", i);
      ArrayNode v = e.putArray("embedding");
      for (float f : vector(inputs.get(i), dims)) {
        v.add(f);
      }
      tokens += Text.words(inputs.get(i));
    }
    out.put("model", model);
    ObjectNode usage = out.putObject("usage");
    usage.put("prompt_tokens", tokens);
    usage.put("total_tokens", tokens);
    return out;
  }

  static float[] vector(String text, int dims) {
    double[] raw = new double[dims];
    ByteBuffer block = null;
    for (int i = 0; i < dims; i++) {
      if (i % 8 == 0) {
        block = ByteBuffer.wrap(Text.sha256(text + "#" + (i / 8)));
      }
      raw[i] = block.getInt() / 2147483648.0;
    }
    double norm = 0;
    for (double d : raw) {
      norm += d * d;
    }
    norm = Math.sqrt(norm);
    float[] out = new float[dims];
    for (int i = 0; i < dims; i++) {
      out[i] = (float) (norm == 0 ? 1 / Math.sqrt(dims) : raw[i] / norm);
    }
    return out;
  }

  private static List<String> inputs(JsonNode input) {
    List<String> out = new ArrayList<>();
    if (input != null && input.isTextual()) {
      out.add(input.asText());
    } else if (input != null && input.isArray() && !input.isEmpty()) {
      for (JsonNode s : input) {
        if (!s.isTextual()) {
          throw new BadRequest("input must be a string or an array of strings");
        }
        out.add(s.asText());
      }
    } else {
      throw new BadRequest("input must be a string or a non-empty array of strings");
    }
    return out;
  }
}
