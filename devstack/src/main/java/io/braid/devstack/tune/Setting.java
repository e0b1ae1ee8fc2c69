package io.braid.devstack.tune;

import java.util.List;
import java.util.Set;

/**
 * One knob set to one value: {@code <model>.<knob>=<n>} for a model's {@code instances}, {@code threads}
 * (the pool's intra-op threads are the largest {@code threads} of its models), {@code maxBatchSize},
 * {@code maxBatchDelayMs}; or {@code itemsPerTask=<n>} for the pipeline.
 *
 * @param model the model's name; {@link #PIPELINE} for a pipeline knob
 * @param knob  the knob's name as it is written in the YAML file
 * @param value its new value
 */
public record Setting(String model, String knob, int value) {
    /** The target of pipeline knobs. */
    public static final String PIPELINE = "pipeline";
    /** Knobs of a model's {@code model.yaml}. */
    public static final Set<String> MODEL_KNOBS = Set.of("instances", "threads", "maxBatchSize", "maxBatchDelayMs");
    /** Knobs of the pipeline's YAML file. */
    public static final Set<String> PIPELINE_KNOBS = Set.of("itemsPerTask");

    /**
     * Parses {@code digits-lenet.instances=2} or {@code itemsPerTask=8}.
     *
     * @throws IllegalArgumentException naming the setting when it is malformed or names an unknown knob
     */
    public static Setting parse(String text) {
        String t = text.trim();
        int eq = t.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("setting '" + t + "' needs '=<value>'");
        }
        String key = t.substring(0, eq).trim();
        int value;
        try {
            value = Integer.parseInt(t.substring(eq + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + t + "': the value must be an integer");
        }
        int dot = key.lastIndexOf('.');
        String model = dot < 0 ? PIPELINE : key.substring(0, dot);
        String knob = dot < 0 ? key : key.substring(dot + 1);
        boolean known = dot < 0 ? PIPELINE_KNOBS.contains(knob) : MODEL_KNOBS.contains(knob);
        if (!known) {
            throw new IllegalArgumentException("setting '" + t + "': unknown knob '" + knob + "'; model knobs "
                    + "<model>." + MODEL_KNOBS + ", pipeline knobs " + PIPELINE_KNOBS);
        }
        if (value < (knob.equals("maxBatchDelayMs") ? 0 : 1)) {
            throw new IllegalArgumentException("setting '" + t + "': the value is out of range");
        }
        return new Setting(model, knob, value);
    }

    /** Parses a comma-separated list of settings. */
    public static List<Setting> parseAll(String text) {
        return java.util.Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(Setting::parse).toList();
    }

    /** Whether this sets a knob of the pipeline rather than of a model. */
    public boolean pipelineKnob() {
        return PIPELINE.equals(model);
    }

    @Override
    public String toString() {
        return (pipelineKnob() ? "" : model + ".") + knob + "=" + value;
    }
}
