package io.braid.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes every request. Model calls (chat, embeddings, OIP infer) are answered after a Vert.x timer, never a
 * blocked thread, so any number can be in flight. The API key, when set, guards {@code /v1} and {@code /v2}
 * except the health endpoints; {@code /stats} and {@code /admin} are open.
 */
final class MockHandler implements Handler<HttpServerRequest> {
  private enum Kind { CHAT, EMBED, INFER }

  private final Vertx vertx;
  private final MockConfig config;
  private final ObjectMapper json =
      new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final Map<String, ModelStats> stats = new ConcurrentHashMap<>();
  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

  MockHandler(Vertx vertx, MockConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  @Override
  public void handle(HttpServerRequest req) {
    String path = req.path();
    HttpMethod m = req.method();
    if (path.equals("/v1/chat/completions")) {
      post(req, () -> modelCall(req, Kind.CHAT, null));
    } else if (path.equals("/v1/embeddings")) {
      post(req, () -> modelCall(req, Kind.EMBED, null));
    } else if (path.equals("/v1/models") && m == HttpMethod.GET) {
      guarded(req, false, () -> new Call(req, json, null, false).json(200, modelList()));
    } else if (path.equals("/v2/health/ready") || path.equals("/v2/health/live")) {
      String what = path.endsWith("ready") ? "ready" : "live";
      new Call(req, json, null, true).json(200, json.createObjectNode().put(what, true));
    } else if (path.equals("/v2")) {
      guarded(req, true, () -> new Call(req, json, null, true).json(200, json.createObjectNode()
          .put("name", "braid-mock-models").put("version", "1").set("extensions", json.createArrayNode())));
    } else if (path.startsWith("/v2/models/")) {
      v2(req, path.substring("/v2/models/".length()));
    } else if (path.equals("/stats") && m == HttpMethod.GET) {
      new Call(req, json, null, false).json(200, statsJson());
    } else if (path.equals("/stats/reset")) {
      post(req, () -> {
        stats.values().forEach(ModelStats::reset);
        new Call(req, json, null, false).json(200, statsJson());
      });
    } else if (path.startsWith("/stats/") && path.endsWith("/calls") && m == HttpMethod.GET) {
      String model = decode(path.substring("/stats/".length(), path.length() - "/calls".length()));
      ObjectNode out = json.createObjectNode().put("model", model);
      ArrayNode calls = out.putArray("calls");
      ModelStats s = stats.get(model);
      if (s != null) {
        s.writeCallsTo(calls);
      }
      new Call(req, json, null, false).json(200, out);
    } else if (path.equals("/admin/models") && m == HttpMethod.GET) {
      new Call(req, json, null, false).json(200, config.toJson(json));
    } else if (path.startsWith("/admin/models/")) {
      admin(req, decode(path.substring("/admin/models/".length())));
    } else {
      new Call(req, json, null, path.startsWith("/v2")).error(404, "no route for " + m + " " + path);
    }
  }

  private void v2(HttpServerRequest req, String rest) {
    String[] parts = rest.split("/");
    String model = decode(parts[0]);
    String tail = parts.length >= 3 && parts[1].equals("versions")
        ? String.join("/", java.util.Arrays.copyOfRange(parts, 3, parts.length))
        : String.join("/", java.util.Arrays.copyOfRange(parts, 1, parts.length));
    switch (tail) {
      case "infer" -> post(req, () -> modelCall(req, Kind.INFER, model));
      case "" -> guarded(req, true, () -> new Call(req, json, null, true)
          .json(200, Oip.metadata(model, config.resolve(model), json)));
      case "ready" -> guarded(req, true, () -> new Call(req, json, null, true)
          .json(200, json.createObjectNode().put("name", model).put("ready", true)));
      default -> new Call(req, json, null, true).error(404, "no route for " + req.path());
    }
  }

  private void admin(HttpServerRequest req, String name) {
    if (req.method() == HttpMethod.DELETE) {
      boolean removed = config.remove(name);
      new Call(req, json, null, false).json(removed ? 200 : 404,
          removed ? json.createObjectNode().put("removed", name)
              : Call.errorBody(json, false, 404, "no entry " + name));
      return;
    }
    if (req.method() != HttpMethod.PUT) {
      new Call(req, json, null, false).error(405, "use PUT or DELETE on /admin/models/{name}");
      return;
    }
    req.body().onSuccess(buf -> {
      Call call = new Call(req, json, null, false);
      try {
        ModelSpec spec = ModelSpec.parse(parse(buf));
        config.put(name, spec);
        call.json(200, json.createObjectNode().put("name", name).set("behaviour", spec.source()));
      } catch (BadRequest e) {
        call.error(400, e.getMessage());
      }
    });
  }

  private void modelCall(HttpServerRequest req, Kind kind, String pathModel) {
    req.body().onSuccess(buf -> {
      JsonNode body = parse(buf);
      String model = pathModel != null ? pathModel
          : body != null && body.path("model").isTextual() ? body.get("model").asText() : null;
      Call call = new Call(req, json, model == null ? null : stats.computeIfAbsent(model, k -> new ModelStats()),
          kind == Kind.INFER);
      if (!authorised(req)) {
        call.error(401, "Incorrect API key provided");
        return;
      }
      Behaviour behaviour;
      ObjectNode answer;
      try {
        if (body == null || !body.isObject()) {
          throw new BadRequest("the body must be a JSON object");
        }
        if (model == null) {
          throw new BadRequest("you must provide a model parameter");
        }
        behaviour = behaviour(model);
        answer = switch (kind) {
          case CHAT -> Chat.answer(body, behaviour.spec, json, System.currentTimeMillis() / 1000);
          case EMBED -> Embeddings.answer(body, behaviour.spec, json);
          case INFER -> Oip.infer(model, body, behaviour.spec, json);
        };
      } catch (BadRequest e) {
        call.error(400, e.getMessage());
        return;
      }
      Behaviour.Decision d = behaviour.decide(System.currentTimeMillis());
      FaultRule fault = d.fault();
      if (fault == null) {
        later(d.latencyMs(), () -> call.json(200, answer));
        return;
      }
      switch (fault.type()) {
        case "429" -> call.rateLimited(fault.retryAfterS());
        case "500" -> later(d.latencyMs(), () -> call.error(500, "The server had an error (mock)"));
        case "close" -> call.close();
        default -> later(fault.stallMs(), () -> {
          if (fault.closeAfterStall()) {
            call.close();
          } else {
            call.json(200, answer);
          }
        });
      }
    });
  }

  /** The model's behaviour, rebuilt when its config entry was replaced since. */
  private Behaviour behaviour(String model) {
    ModelSpec spec = config.resolve(model);
    return behaviours.compute(model,
        (k, b) -> b != null && b.spec == spec ? b : new Behaviour(model, spec, config.seed));
  }

  private void later(long ms, Runnable action) {
    if (ms < 1) {
      action.run();
    } else {
      vertx.setTimer(ms, id -> action.run());
    }
  }

  private void post(HttpServerRequest req, Runnable action) {
    if (req.method() == HttpMethod.POST) {
      action.run();
    } else {
      new Call(req, json, null, req.path().startsWith("/v2")).error(405, "use POST on " + req.path());
    }
  }

  private void guarded(HttpServerRequest req, boolean oip, Runnable action) {
    if (authorised(req)) {
      action.run();
    } else {
      new Call(req, json, null, oip).error(401, "Incorrect API key provided");
    }
  }

  private boolean authorised(HttpServerRequest req) {
    return config.apiKey == null || ("Bearer " + config.apiKey).equals(req.getHeader("Authorization"));
  }

  private JsonNode parse(Buffer buf) {
    try {
      return buf.length() == 0 ? null : json.readTree(buf.getBytes());
    } catch (IOException e) {
      return null;
    }
  }

  private ObjectNode statsJson() {
    ObjectNode out = json.createObjectNode();
    new TreeMap<>(stats).forEach((name, s) -> s.writeTo(out.putObject(name)));
    return out;
  }

  private ObjectNode modelList() {
    ObjectNode out = json.createObjectNode().put("object", "list");
    ArrayNode data = out.putArray("data");
    config.toJson(json).path("models").fieldNames().forEachRemaining(name -> {
      if (!name.contains("*") && !name.equals(MockConfig.DEFAULT)) {
        data.addObject().put("id", name).put("object", "model").put("created", 0).put("owned_by", "braid-mock");
      }
    });
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
