package io.braid.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void bundledConfigHasTheDemoModels() {
    MockConfig c = MockConfig.load(null);
    assertThat(c.resolve("research-legal").latency()).isEqualTo(new Latency("uniform", 150, 250));
    assertThat(c.resolve("planner").latency()).isEqualTo(new Latency("fixedMs", 100, 0));
    assertThat(c.resolve("embedder").dimensions()).isEqualTo(8);
    assertThat(c.resolve("vision").outputs()).isEqualTo(10);
    assertThat(c.resolve("anything-else").latency()).isEqualTo(new Latency("fixedMs", 20, 0));
  }

  @Test
  void exactNameWinsOverPatternsAndThenTheFirstPatternInFileOrder(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("c.yaml"), """
        models:
          a-*: {dimensions: 2}
          a-b*: {dimensions: 3}
          a-bc: {dimensions: 4}
        """);
    MockConfig c = MockConfig.load(f);
    assertThat(c.resolve("a-bc").dimensions()).isEqualTo(4);
    assertThat(c.resolve("a-bd").dimensions()).isEqualTo(2);
    assertThat(c.resolve("zzz").dimensions()).isEqualTo(8);
  }

  @Test
  void jsonConfigFilesAreReadToo(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("c.json"), "{\"apiKey\":\"k\",\"models\":{\"m\":{\"outputs\":3}}}");
    MockConfig c = MockConfig.load(f);
    assertThat(c.apiKey).isEqualTo("k");
    assertThat(c.resolve("m").outputs()).isEqualTo(3);
  }

  @Test
  void unknownFieldsAndBadDistributionsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> ModelSpec.parse(JSON.readTree("{\"latencyMs\": 3}"))).hasMessageContaining("latencyMs");
    assertThatThrownBy(() -> ModelSpec.parse(JSON.readTree("{\"latency\": {\"uniform\": [5, 1]}}")))
        .hasMessageContaining("uniform");
    assertThatThrownBy(() -> MockConfig.of(JSON.readTree("{\"models\":{\"x\":{\"dimensions\":0}}}")))
        .hasMessageContaining("models.x").hasMessageContaining("dimensions");
  }

  @Test
  void seededBehaviourRepeatsItsLatenciesAndFaults() throws Exception {
    ModelSpec spec = ModelSpec.parse(JSON.readTree(
        "{\"latency\":{\"lognormal\":{\"medianMs\":50,\"sigma\":0.5}},\"faults\":[{\"type\":\"500\",\"rate\":0.3}]}"));
    assertThat(decisions(new Behaviour("m", spec, 7))).isEqualTo(decisions(new Behaviour("m", spec, 7)));
    assertThat(decisions(new Behaviour("m", spec, 7))).isNotEqualTo(decisions(new Behaviour("m", spec, 8)));
  }

  @Test
  void distributionsStayWithinTheirBounds() {
    Random rng = new Random(1);
    Latency uniform = new Latency("uniform", 150, 250);
    Latency normal = new Latency("normal", 10, 50);
    for (int i = 0; i < 1000; i++) {
      assertThat(uniform.sampleMs(rng)).isBetween(150L, 250L);
      assertThat(normal.sampleMs(rng)).isNotNegative();
    }
  }

  @Test
  void globMatchesStarsAnywhere() {
    assertThat(MockConfig.glob("research-*", "research-a")).isTrue();
    assertThat(MockConfig.glob("*-vision", "mnist-vision")).isTrue();
    assertThat(MockConfig.glob("a*b", "a.b")).isTrue();
    assertThat(MockConfig.glob("a.b*", "axb")).isFalse();
  }

  @Test
  void commandLineFlagsWinOverTheEnvironment() {
    var o = MockModelServer.Options.parse(new String[] {"--port", "8099", "--config=/x.yaml"},
        Map.of("MOCK_PORT", "1", "MOCK_API_KEY", "sk-env", "MOCK_MODELS_CONFIG", "/env.yaml"));
    assertThat(o.port()).isEqualTo(8099);
    assertThat(o.config()).isEqualTo(Path.of("/x.yaml"));
    assertThat(o.apiKey()).isEqualTo("sk-env");
    assertThat(MockModelServer.Options.parse(new String[0], Map.of()).port()).isZero();
    assertThatThrownBy(() -> MockModelServer.Options.parse(new String[] {"--bogus", "1"}, Map.of()))
        .hasMessageContaining("--bogus");
  }

  private static List<String> decisions(Behaviour b) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Behaviour.Decision d = b.decide(1000 + i);
      out.add(d.latencyMs() + "/" + (d.fault() == null ? "-" : d.fault().type()));
    }
    return out;
  }
}
