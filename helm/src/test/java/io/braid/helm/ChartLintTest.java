package io.braid.helm;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code helm lint --strict} and {@code helm template} for every values file in every autoscaling mode. */
class ChartLintTest {

    static Stream<Scenario> scenarios() {
        return Scenario.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void helmLintStrictPasses(Scenario scenario) {
        LintResult result = HelmChart.lint(scenario.valuesFile(), scenario.overrides());
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void helmTemplateRendersTheWholeRelease(Scenario scenario) {
        Rendering r = scenario.render();
        assertThat(r.ofKind("Deployment")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(r.ofKind("ServiceAccount")).allSatisfy(sa ->
                assertThat(sa.path("automountServiceAccountToken").asBoolean(true)).isFalse());
        assertThat(r.ofKind("ConfigMap")).extracting(Rendering::name)
                .contains("demo-braid-pipelines", "demo-braid-models");
    }
}
