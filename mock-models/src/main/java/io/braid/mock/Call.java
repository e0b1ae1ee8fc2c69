package io.braid.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request and its answer. For a model call it is counted in flight in its model's stats from construction
 * until the response has been written, or the connection closed, whichever comes first (exactly once).
 */
final class Call {
  private final HttpServerRequest req;
  private final ObjectMapper json;
  private final ModelStats stats;
  private final long arrivalMs;
  private final boolean oip;
  private final AtomicBoolean done = new AtomicBoolean();

  Call(HttpServerRequest req, ObjectMapper json, ModelStats stats, boolean oip) {
    this.req = req;
    this.json = json;
    this.stats = stats;
    this.oip = oip;
    this.arrivalMs = System.currentTimeMillis();
    if (stats != null) {
      stats.arrive(arrivalMs);
    }
    req.response().closeHandler(v -> finish("aborted"));
  }

  void json(int status, JsonNode body) {
    send(status, body, null);
  }

  /** An error in the protocol's shape: OpenAI's {@code {error:{message,type,code}}}, or OIP's {@code {error}}. */
  void error(int status, String message) {
    send(status, errorBody(json, oip, status, message), null);
  }

  void rateLimited(int retryAfterS) {
    send(429, errorBody(json, oip, 429, "Rate limit reached (mock); retry after " + retryAfterS + " s"),
        String.valueOf(retryAfterS));
  }

  /** Drops the call without an answer: closes the connection (HTTP/1.x) or resets the stream (HTTP/2). */
  void close() {
    if (finish("close")) {
      req.response().reset();
    }
  }

  private void send(int status, JsonNode body, String retryAfter) {
    HttpServerResponse res = req.response();
    if (done.get() || res.ended() || res.closed()) {
      finish("aborted");
      return;
    }
    res.setStatusCode(status).putHeader("Content-Type", "application/json");
    if (retryAfter != null) {
      res.putHeader("Retry-After", retryAfter);
    }
    res.end(Buffer.buffer(bytes(json, body))).onComplete(ar -> finish(String.valueOf(status)));
  }

  private boolean finish(String status) {
    if (!done.compareAndSet(false, true)) {
      return false;
    }
    if (stats != null) {
      stats.finish(arrivalMs, System.currentTimeMillis(), status, client());
    }
    return true;
  }

  private String client() {
    String id = req.getHeader("X-Client-Id");
    if (id != null) {
      return id;
    }
    return req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress();
  }

  static ObjectNode errorBody(ObjectMapper json, boolean oip, int status, String message) {
    ObjectNode out = json.createObjectNode();
    if (oip) {
      out.put("error", message);
      return out;
    }
    ObjectNode e = out.putObject("error");
    e.put("message", message);
    switch (status) {
      case 401 -> e.put("type", "invalid_request_error").put("code", "invalid_api_key");
      case 404 -> e.put("type", "invalid_request_error").put("code", "not_found");
      case 405 -> e.put("type", "invalid_request_error").put("code", "method_not_allowed");
      case 429 -> e.put("type", "requests").put("code", "rate_limit_exceeded");
      case 500 -> e.put("type", "server_error").put("code", "server_error");
      default -> e.put("type", "invalid_request_error").put("code", "invalid_request");
    }
    return out;
  }

  static byte[] bytes(ObjectMapper json, JsonNode body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
