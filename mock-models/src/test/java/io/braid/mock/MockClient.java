package io.braid.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** A server started on port 0 with a config written to a temp file, and a java.net.http client for it. */
final class MockClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final MockModels.Handle server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String apiKey;

  private MockClient(MockModels.Handle server, String apiKey) {
    this.server = server;
    this.apiKey = apiKey;
  }

  /** A server with the given YAML config (written under dir). */
  static MockClient start(Path dir, String yaml) {
    return start(dir, yaml, null);
  }

  static MockClient start(Path dir, String yaml, String apiKey) {
    try {
      Path file = Files.writeString(dir.resolve("mock-models-" + System.nanoTime() + ".yaml"), yaml);
      return new MockClient(MockModels.start(0, file, apiKey), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client of the same server that sends {@code Authorization: Bearer <key>}; closing either stops the server. */
  MockClient withKey(String key) {
    return new MockClient(server, key);
  }

  HttpResponse<String> post(String path, String body) {
    return join(postAsync(path, body));
  }

  CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
    return http.sendAsync(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A POST the client gives up on after the timeout (an {@link java.net.http.HttpTimeoutException}). */
  CompletableFuture<HttpResponse<String>> postAsync(String path, String body, Duration timeout) {
    return http.sendAsync(request(path).timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> put(String path, String body) {
    return join(http.sendAsync(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString()));
  }

  HttpResponse<String> get(String path) {
    return join(http.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
  }

  JsonNode getJson(String path) {
    return json(get(path));
  }

  /** One chat completion's JSON request. */
  static String chat(String model, String system, String user) {
    var req = JSON.createObjectNode().put("model", model);
    var messages = req.putArray("messages");
    if (system != null) {
      messages.addObject().put("role", "system").put("content", system);
    }
    messages.addObject().put("role", "user").put("content", user);
    return req.toString();
  }

  static JsonNode json(HttpResponse<String> res) {
    try {
      return JSON.readTree(res.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls the condition every 20 ms until it holds, failing after the timeout. */
  static void eventually(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition did not hold within " + timeout);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    return b;
  }

  private static <T> T join(CompletableFuture<T> f) {
    return f.join();
  }

  @Override
  public void close() {
    server.close();
  }
}
