package io.braid.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a Prometheus text exposition ({@code /q/metrics}) into series → value. */
final class PromText {
    private PromText() {
    }

    /** Every sample line, keyed by the series as written (name and labels), e.g. {@code x_total{model="noop"}}. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // with tracing on, a sample may end with an exemplar: "name{...} 4.0 # {trace_id=...} 1.0 1764..."
            int exemplar = line.indexOf(" # ");
            if (exemplar > 0) {
                line = line.substring(0, exemplar);
            }
            int space = line.lastIndexOf(' ');
            try {
                out.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException | StringIndexOutOfBoundsException ignored) {
                // not a sample line
            }
        }
        return out;
    }

    /** Sum of the series of metric {@code name} whose labels contain {@code labelFragment} (e.g. {@code model="noop"}). */
    static double sum(Map<String, Double> series, String name, String labelFragment) {
        return series.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> labelFragment == null || e.getKey().contains(labelFragment))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
