package io.braid.common.wire;

import java.util.Map;
import java.util.Objects;

/**
 * One step of a routing slip: the stage that must act, the topic it reads, and what it must do.
 *
 * @param stage  {@code preprocess}, {@code inference} or {@code postprocess}
 * @param topic  the topic the stage consumes
 * @param op     the operator (pre/post-processing) or model name (inference)
 * @param params operator parameters; empty when none
 */
public record Step(String stage, String topic, String op, Map<String, Object> params) {
    public Step {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(op, "op");
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** A numeric parameter, or the default when absent. */
    public double number(String name, double defaultValue) {
        Object v = params.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return Double.parseDouble(v.toString());
    }

    /** A boolean parameter, or the default when absent. */
    public boolean flag(String name, boolean defaultValue) {
        Object v = params.get(name);
        return v == null ? defaultValue : Boolean.parseBoolean(v.toString());
    }
}
