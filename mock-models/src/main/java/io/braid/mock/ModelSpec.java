package io.braid.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How one model (or a pattern of names, or {@code default}) behaves: latency, faults, embedding dimensions,
 * OIP outputs, a default max_tokens and an optional seed. A field left out takes its built-in default
 * (no latency, no faults, 8 dimensions, echo for OIP, no token cap), not the {@code default} entry's value.
 */
record ModelSpec(JsonNode source, Latency latency, List<FaultRule> faults, int dimensions,
                 Integer outputs, Integer maxTokens, Long seed) {

  private static final Set<String> FIELDS =
      Set.of("latency", "faults", "dimensions", "outputs", "maxTokens", "seed");

  static ModelSpec parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new BadRequest("a model's behaviour must be a JSON object");
    }
    node.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        throw new BadRequest("unknown field " + f + " (known: " + FIELDS + ")");
      }
    });
    List<FaultRule> faults = new ArrayList<>();
    if (node.has("faults")) {
      if (!node.get("faults").isArray()) {
        throw new BadRequest("faults must be a list");
      }
      node.get("faults").forEach(f -> faults.add(FaultRule.parse(f)));
    }
    int dims = node.has("dimensions") ? positive(node.get("dimensions"), "dimensions") : 8;
    Integer outputs = node.has("outputs") ? positive(node.get("outputs"), "outputs") : null;
    Integer maxTokens = node.has("maxTokens") ? positive(node.get("maxTokens"), "maxTokens") : null;
    Long seed = node.has("seed") && node.get("seed").canConvertToLong() ? node.get("seed").asLong() : null;
    return new ModelSpec(node.deepCopy(), Latency.parse(node.get("latency")), List.copyOf(faults), dims,
        outputs, maxTokens, seed);
  }

  static int positive(JsonNode v, String field) {
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
      throw new BadRequest(field + " must be a whole number >= 1");
    }
    return v.asInt();
  }
}
