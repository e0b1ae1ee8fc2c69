package io.braid.helm;

import java.util.List;
import java.util.stream.Stream;

/**
 * One way of installing the chart: a values file (or the defaults) in one autoscaling mode.
 *
 * @param valuesFile a values file of the chart; null for values.yaml alone
 * @param mode       autoscaling.mode
 */
record Scenario(String valuesFile, String mode) {
    static final List<String> VALUES_FILES = List.of("values.yaml", "values-dev.yaml", "values-staging.yaml",
            "values-prod.yaml", "values-agents.yaml");
    static final List<String> MODES = List.of("keda", "hpa", "none");

    /** Every values file in every autoscaling mode. */
    static Stream<Scenario> all() {
        return VALUES_FILES.stream().flatMap(f -> MODES.stream().map(m -> new Scenario(f, m)));
    }

    /** Every values file in the modes that scale on lag. */
    static Stream<Scenario> scaling() {
        return all().filter(s -> !s.mode.equals("none"));
    }

    /** Every values file as shipped (its own autoscaling mode). */
    static Stream<String> shipped() {
        return VALUES_FILES.stream();
    }

    Rendering render() {
        return HelmChart.render(valuesFile, overrides());
    }

    String overrides() {
        return "autoscaling:\n  mode: " + mode + "\n";
    }

    @Override
    public String toString() {
        return valuesFile + " with autoscaling.mode=" + mode;
    }
}
