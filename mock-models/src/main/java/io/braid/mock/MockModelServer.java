package io.braid.mock;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The mock model server as a process:
 * {@code java -cp 'braid-mock-models.jar:lib/*' io.braid.mock.MockModelServer [--port N] [--config F] [--api-key K]}.
 * Environment: {@code MOCK_PORT}, {@code MOCK_MODELS_CONFIG}, {@code MOCK_API_KEY} (flags win). Port 0 (the
 * default) picks a free port. Prints {@code mock-models listening on <port>} once it accepts calls, then runs
 * until killed.
 */
public final class MockModelServer {
  private MockModelServer() {}

  public static void main(String[] args) throws InterruptedException {
    Options o;
    try {
      o = Options.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: MockModelServer [--port N] [--config FILE] [--api-key KEY]");
      System.exit(2);
      return;
    }
    MockModels.Handle handle = MockModels.start(o.port(), o.config(), o.apiKey());
    Runtime.getRuntime().addShutdownHook(new Thread(handle::close, "mock-models-stop"));
    System.out.println("mock-models listening on " + handle.port());
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /** The command line and environment, read. */
  record Options(int port, Path config, String apiKey) {
    static Options parse(String[] args, Map<String, String> env) {
      String port = env.getOrDefault("MOCK_PORT", "0");
      String config = env.get("MOCK_MODELS_CONFIG");
      String key = env.get("MOCK_API_KEY");
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
        String flag = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("missing value after " + a);
          }
          value = args[++i];
        }
        switch (flag) {
          case "--port" -> port = value;
          case "--config" -> config = value;
          case "--api-key" -> key = value;
          default -> throw new IllegalArgumentException("unknown argument " + a);
        }
      }
      int p;
      try {
        p = Integer.parseInt(port.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("port must be a number, not " + port);
      }
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("port must be within 0..65535");
      }
      return new Options(p, config == null || config.isBlank() ? null : Path.of(config),
          key == null || key.isBlank() ? null : key);
    }
  }
}
