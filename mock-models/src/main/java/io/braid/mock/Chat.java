package io.braid.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat completions, deterministic. The answer is {@code "[<model>] <h>: <echo>"} where {@code h} is the
 * first 8 hex digits of sha256(system + "\n" + last user message), system being all system (and developer)
 * messages joined by "\n", and the echo is the first 200 characters of the last user message. Tokens are
 * whitespace-separated words. A {@code max_tokens} (or {@code max_completion_tokens}, or the model's
 * {@code maxTokens}) below the answer's words cuts it to that many words with {@code finish_reason: "length"}.
 *
 * <p>Planner: when the system text contains {@value #PLAN_MARKER}, the content is a JSON array (as a string) of
 * {@code "subtask <i>: <sentence i>"}, one per sentence of the last user message (split on runs of . ? !,
 * trimmed, empty ones dropped), at most {@value #MAX_SUBTASKS}. A token cap drops trailing subtasks instead of
 * cutting words, so the content stays valid JSON.
 */
final class Chat {
  static final String PLAN_MARKER = "PLAN-JSON";
  static final int MAX_SUBTASKS = 20;
  static final int ECHO_CHARS = 200;

  private Chat() {}

  static String model(JsonNode req) {
    JsonNode m = req.get("model");
    if (m == null || !m.isTextual() || m.asText().isBlank()) {
      throw new BadRequest("you must provide a model parameter");
    }
    return m.asText();
  }

  static ObjectNode answer(JsonNode req, ModelSpec spec, ObjectMapper json, long nowS) {
    String model = model(req);
    if (req.path("stream").asBoolean(false)) {
      throw new BadRequest("stream is not supported by the mock");
    }
    JsonNode messages = req.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new BadRequest("messages must be a non-empty array");
    }
    List<String> system = new ArrayList<>();
    String lastUser = "";
    int promptTokens = 0;
    for (JsonNode m : messages) {
      if (!m.isObject() || !m.path("role").isTextual()) {
        throw new BadRequest("each message needs a role");
      }
      String role = m.get("role").asText();
      String content = content(m.get("content"));
      promptTokens += Text.words(content);
      if (role.equals("system") || role.equals("developer")) {
        system.add(content);
      } else if (role.equals("user")) {
        lastUser = content;
      }
    }
    String systemText = String.join("\n", system);
    Integer cap = maxTokens(req, spec);
    String content;
    boolean cut;
    if (systemText.contains(PLAN_MARKER)) {
      List<String> tasks = subtasks(lastUser);
      content = jsonArray(json, tasks);
      int keep = tasks.size();
      while (cap != null && Text.words(content) > cap && keep > 0) {
        content = jsonArray(json, tasks.subList(0, --keep));
      }
      cut = keep < tasks.size();
    } else {
      String hash = Text.sha256Hex(systemText + "\n" + lastUser).substring(0, 8);
      String echo = lastUser.length() > ECHO_CHARS ? lastUser.substring(0, ECHO_CHARS) : lastUser;
      content = "[" + model + "] " + hash + ": " + echo;
      cut = cap != null && Text.words(content) > cap;
      if (cut) {
        content = Text.firstWords(content, cap);
      }
    }
    int completionTokens = Text.words(content);
    ObjectNode out = json.createObjectNode();
    out.put("id", "chatcmpl-" + Text.sha256Hex(model + "\n" + systemText + "\n" + lastUser).substring(0, 24));
    out.put("object", "chat.completion");
    out.put("created", nowS);
    out.put("model", model);
    ObjectNode choice = out.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    choice.put("finish_reason", cut ? "length" : "stop");
    ObjectNode usage = out.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    return out;
  }

  /** The planner's subtasks for a user message (see the class comment). */
  static List<String> subtasks(String text) {
    List<String> tasks = new ArrayList<>();
    for (String sentence : text.split("[.?!]+")) {
      String s = sentence.strip();
      if (!s.isEmpty() && tasks.size() < MAX_SUBTASKS) {
        tasks.add("subtask " + (tasks.size() + 1) + ": " + s);
      }
    }
    return tasks;
  }

  private static Integer maxTokens(JsonNode req, ModelSpec spec) {
    for (String field : new String[] {"max_tokens", "max_completion_tokens"}) {
      JsonNode v = req.get(field);
      if (v != null && !v.isNull()) {
        if (!v.isIntegralNumber() || v.asInt() < 1) {
          throw new BadRequest(field + " must be an integer >= 1");
        }
        return v.asInt();
      }
    }
    return spec.maxTokens();
  }

  /** A message's text: a string, or the text parts of a content array; null content is empty. */
  private static String content(JsonNode c) {
    if (c == null || c.isNull()) {
      return "";
    }
    if (c.isTextual()) {
      return c.asText();
    }
    if (c.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : c) {
        if (part.path("type").asText().equals("text")) {
          sb.append(sb.length() > 0 ? "\n" : "").append(part.path("text").asText());
        }
      }
      return sb.toString();
    }
    throw new BadRequest("message content must be a string or an array of parts");
  }

  private static String jsonArray(ObjectMapper json, List<String> items) {
    ArrayNode a = json.createArrayNode();
    items.forEach(a::add);
    try {
      return json.writeValueAsString(a);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
