package io.braid.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MockModelServerProcessTest {

  @Test
  void mainRunsAsAProcessPrintsItsPortAndServesWithTheGivenConfigAndKey(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("m.yaml"), "models:\n  tiny: {dimensions: 3}\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "io.braid.mock.MockModelServer", "--port", "0", "--config", config.toString());
    pb.environment().put("MOCK_API_KEY", "sk-proc");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> {
        try {
          for (String l = out.readLine(); l != null; l = out.readLine()) {
            if (l.startsWith("mock-models listening on ")) {
              return l;
            }
          }
          return null;
        } catch (java.io.IOException e) {
          return null;
        }
      }).get(60, TimeUnit.SECONDS);
      assertThat(line).matches("mock-models listening on \\d+");
      int port = Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
      assertThat(port).isPositive();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/embeddings"))
          .header("Authorization", "Bearer sk-proc")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tiny\",\"input\":\"x\"}")).build();
      HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(MockClient.JSON.readTree(res.body()).at("/data/0/embedding")).hasSize(3);
    } finally {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
