package io.braid.mock;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts the mock model server in this JVM, for tests and for other Java code (see the module's README). */
public final class MockModels {
  private MockModels() {}

  /** A running server: its port, and {@link #close()} to stop it. */
  public interface Handle extends AutoCloseable {
    int port();

    /** {@code http://127.0.0.1:<port>}. */
    default String baseUrl() {
      return "http://127.0.0.1:" + port();
    }

    @Override
    void close();
  }

  /**
   * Starts a server on {@code port} (0 picks a free one) with the config file (YAML, or JSON for {@code .json}),
   * or the bundled {@code mock-models.yaml} when {@code configOrNull} is null.
   */
  public static Handle start(int port, Path configOrNull) {
    return start(port, configOrNull, null);
  }

  /** As {@link #start(int, Path)}, requiring {@code Authorization: Bearer <apiKey>} when the key is not null. */
  public static Handle start(int port, Path configOrNull, String apiKey) {
    MockConfig loaded = MockConfig.load(configOrNull);
    MockConfig config = apiKey == null ? loaded : loaded.withApiKey(apiKey);
    Vertx vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(
        new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
    HttpServerOptions options = new HttpServerOptions().setPort(port).setHost("0.0.0.0").setAcceptBacklog(16_384)
        .setHandle100ContinueAutomatically(true);
    try {
      HttpServer server = vertx.createHttpServer(options).requestHandler(new MockHandler(vertx, config))
          .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      int actual = server.actualPort();
      return new Handle() {
        @Override
        public int port() {
          return actual;
        }

        @Override
        public void close() {
          await(vertx.close());
        }
      };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      vertx.close();
      throw new IllegalStateException("interrupted while starting mock-models", e);
    } catch (ExecutionException | TimeoutException e) {
      vertx.close();
      throw new IllegalStateException("mock-models cannot listen on port " + port, e);
    }
  }

  private static void await(io.vertx.core.Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("mock-models did not stop cleanly", e);
    }
  }
}
