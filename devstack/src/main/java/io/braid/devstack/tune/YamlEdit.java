package io.braid.devstack.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets one integer knob in the text of a {@code model.yaml} or pipeline file, touching only that line, so
 * comments and layout survive and the patch shows just the change.
 */
public final class YamlEdit {
    private static final List<String> BATCHING = List.of("maxBatchSize", "maxBatchDelayMs");

    private YamlEdit() {
    }

    /** The text with {@code knob} set to {@code value}: the line replaced, or added where it belongs. */
    public static String set(String yaml, String knob, int value) {
        boolean nested = BATCHING.contains(knob);
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        Pattern line = Pattern.compile((nested ? "^(\\s+)" : "^()") + Pattern.quote(knob) + ":\\s*[^#\\s]*(\\s*#.*)?$");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = line.matcher(lines.get(i));
            if (m.matches()) {
                lines.set(i, m.group(1) + knob + ": " + value + (m.group(2) == null ? "" : m.group(2)));
                return String.join("\n", lines) + "\n";
            }
        }
        if (!nested) {
            lines.add(knob + ": " + value);
        } else {
            int at = lines.indexOf("batching:");
            if (at < 0) {
                lines.add("batching:");
                lines.add("  " + knob + ": " + value);
            } else {
                lines.add(at + 1, "  " + knob + ": " + value);
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
