package io.braid.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;

/**
 * One fault rule: {@code type} is {@code "429"}, {@code "500"}, {@code "stall"} or {@code "close"}. It applies to a
 * call when every condition it names holds: {@code calls:[from,to)} (the call's index, counted from 0 since the
 * model's behaviour was last set), {@code forMs} (within that many ms of the first call since then) and
 * {@code rate} (a seeded draw). A rule that names no condition applies to every call.
 */
record FaultRule(String type, int retryAfterS, long stallMs, boolean closeAfterStall,
                 Double rate, Long forMs, long[] calls) {

  static FaultRule parse(JsonNode node) {
    if (node == null || !node.isObject() || !node.hasNonNull("type")) {
      throw new BadRequest("each fault needs a type: 429, 500, stall or close");
    }
    String type = node.get("type").asText();
    if (!type.equals("429") && !type.equals("500") && !type.equals("stall") && !type.equals("close")) {
      throw new BadRequest("fault type must be 429, 500, stall or close, not " + type);
    }
    int retryAfter = node.has("retryAfterS") ? (int) Latency.nonNegative(node.get("retryAfterS"), "retryAfterS") : 1;
    long stallMs = node.has("ms") ? (long) Latency.nonNegative(node.get("ms"), "ms") : 60_000;
    String then = node.path("then").asText("answer");
    if (!then.equals("answer") && !then.equals("close")) {
      throw new BadRequest("a stall's then must be answer or close");
    }
    Double rate = null;
    if (node.has("rate")) {
      rate = Latency.nonNegative(node.get("rate"), "rate");
      if (rate > 1) {
        throw new BadRequest("rate must be within [0, 1]");
      }
    }
    Long forMs = node.has("forMs") ? (long) Latency.nonNegative(node.get("forMs"), "forMs") : null;
    long[] calls = null;
    if (node.has("calls")) {
      JsonNode c = node.get("calls");
      if (!c.isArray() || c.size() != 2) {
        throw new BadRequest("calls must be [from, to)");
      }
      calls = new long[] {(long) Latency.nonNegative(c.get(0), "calls[0]"), (long) Latency.nonNegative(c.get(1), "calls[1]")};
    }
    return new FaultRule(type, retryAfter, stallMs, then.equals("close"), rate, forMs, calls);
  }

  /** Whether this rule applies to the call with the given index, {@code sinceFirstMs} after the first call. */
  boolean applies(long callIndex, long sinceFirstMs, Random rng) {
    if (calls != null && (callIndex < calls[0] || callIndex >= calls[1])) {
      return false;
    }
    if (forMs != null && sinceFirstMs >= forMs) {
      return false;
    }
    return rate == null || rng.nextDouble() < rate;
  }
}
