package io.braid.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The whole configuration: {@code seed}, an optional {@code apiKey} and {@code models}, a map from a model name,
 * a pattern with {@code *} (e.g. {@code research-*}) or {@code default} to a {@link ModelSpec}. Entries can be
 * replaced at run time; a name resolves to its exact entry, else the first matching pattern in file order, else
 * {@code default}, else the built-in behaviour (no latency, no faults).
 */
final class MockConfig {
  static final String DEFAULT = "default";
  static final String BUNDLED = "mock-models.yaml";
  private static final ModelSpec BUILT_IN = ModelSpec.parse(new ObjectMapper().createObjectNode());

  final long seed;
  final String apiKey;
  private final Map<String, ModelSpec> entries = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<String> patterns = new CopyOnWriteArrayList<>();

  MockConfig(long seed, String apiKey) {
    this.seed = seed;
    this.apiKey = apiKey;
  }

  /** The file's config (YAML, or JSON for a {@code .json} file), or the bundled one for {@code null}. */
  static MockConfig load(Path file) {
    try {
      if (file == null) {
        try (InputStream in = MockConfig.class.getClassLoader().getResourceAsStream(BUNDLED)) {
          return of(new YAMLMapper().readTree(in));
        }
      }
      ObjectMapper mapper = file.toString().endsWith(".json") ? new ObjectMapper() : new YAMLMapper();
      return of(mapper.readTree(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read mock-models config " + file, e);
    }
  }

  static MockConfig of(JsonNode root) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = new ObjectMapper().createObjectNode();
    }
    if (!root.isObject()) {
      throw new BadRequest("the config must be an object with seed, apiKey and models");
    }
    long seed = root.path("seed").asLong(42);
    String key = root.hasNonNull("apiKey") ? root.get("apiKey").asText() : null;
    MockConfig config = new MockConfig(seed, key);
    JsonNode models = root.path("models");
    models.fields().forEachRemaining(e -> {
      try {
        config.put(e.getKey(), ModelSpec.parse(e.getValue()));
      } catch (BadRequest bad) {
        throw new BadRequest("models." + e.getKey() + ": " + bad.getMessage());
      }
    });
    return config;
  }

  /** This config with another API key (its entries are shared). */
  MockConfig withApiKey(String key) {
    MockConfig copy = new MockConfig(seed, key);
    copy.entries.putAll(entries);
    copy.patterns.addAll(patterns);
    return copy;
  }

  void put(String name, ModelSpec spec) {
    if (entries.put(name, spec) == null && name.contains("*")) {
      patterns.add(name);
    }
  }

  boolean remove(String name) {
    patterns.remove(name);
    return entries.remove(name) != null;
  }

  /** The entry a model name resolves to (never null). */
  ModelSpec resolve(String model) {
    ModelSpec exact = entries.get(model);
    if (exact != null) {
      return exact;
    }
    for (String p : patterns) {
      ModelSpec spec = entries.get(p);
      if (spec != null && glob(p, model)) {
        return spec;
      }
    }
    return entries.getOrDefault(DEFAULT, BUILT_IN);
  }

  ObjectNode toJson(ObjectMapper json) {
    ObjectNode out = json.createObjectNode();
    out.put("seed", seed);
    out.put("apiKeyRequired", apiKey != null);
    ObjectNode models = out.putObject("models");
    entries.forEach((k, v) -> models.set(k, v.source()));
    return out;
  }

  static boolean glob(String pattern, String name) {
    String[] parts = pattern.split("\\*", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      re.append(i > 0 ? ".*" : "").append(java.util.regex.Pattern.quote(parts[i]));
    }
    return name.matches(re.toString());
  }
}
