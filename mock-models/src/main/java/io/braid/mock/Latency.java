package io.braid.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;

/**
 * A latency distribution, one of {@code {fixedMs}}, {@code {uniform:[minMs,maxMs]}},
 * {@code {normal:{meanMs,stdMs}}} or {@code {lognormal:{medianMs,sigma}}}. Samples are never negative.
 */
record Latency(String kind, double a, double b) {
  static final Latency NONE = new Latency("fixedMs", 0, 0);

  static Latency parse(JsonNode node) {
    if (node == null || node.isNull()) {
      return NONE;
    }
    if (!node.isObject() || node.size() != 1) {
      throw new BadRequest("latency must be an object with exactly one of fixedMs, uniform, normal, lognormal");
    }
    if (node.has("fixedMs")) {
      return new Latency("fixedMs", nonNegative(node.get("fixedMs"), "latency.fixedMs"), 0);
    }
    if (node.has("uniform")) {
      JsonNode u = node.get("uniform");
      if (!u.isArray() || u.size() != 2) {
        throw new BadRequest("latency.uniform must be [minMs, maxMs]");
      }
      double min = nonNegative(u.get(0), "latency.uniform[0]");
      double max = nonNegative(u.get(1), "latency.uniform[1]");
      if (max < min) {
        throw new BadRequest("latency.uniform needs minMs <= maxMs");
      }
      return new Latency("uniform", min, max);
    }
    if (node.has("normal")) {
      JsonNode n = node.get("normal");
      return new Latency("normal", nonNegative(n.get("meanMs"), "latency.normal.meanMs"),
          nonNegative(n.get("stdMs"), "latency.normal.stdMs"));
    }
    if (node.has("lognormal")) {
      JsonNode n = node.get("lognormal");
      return new Latency("lognormal", nonNegative(n.get("medianMs"), "latency.lognormal.medianMs"),
          nonNegative(n.get("sigma"), "latency.lognormal.sigma"));
    }
    throw new BadRequest("latency must be one of fixedMs, uniform, normal, lognormal");
  }

  /** One sample in whole milliseconds, drawn from the given (seeded) generator. */
  long sampleMs(Random rng) {
    double ms = switch (kind) {
      case "fixedMs" -> a;
      case "uniform" -> a + rng.nextDouble() * (b - a);
      case "normal" -> a + b * rng.nextGaussian();
      case "lognormal" -> a * Math.exp(b * rng.nextGaussian());
      default -> throw new IllegalStateException(kind);
    };
    return Math.max(0, Math.round(ms));
  }

  static double nonNegative(JsonNode v, String field) {
    if (v == null || !v.isNumber() || v.asDouble() < 0) {
      throw new BadRequest(field + " must be a number >= 0");
    }
    return v.asDouble();
  }
}
