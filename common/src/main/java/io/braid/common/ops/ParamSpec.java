package io.braid.common.ops;

import java.util.List;

/**
 * One parameter of an operator.
 *
 * @param name         its name in {@code params}
 * @param type         what values it takes
 * @param required     whether a pipeline must set it
 * @param defaultValue the value when not set (null when required or when absence means "none")
 * @param description  what it does
 */
public record ParamSpec(String name, Type type, boolean required, Object defaultValue, String description) {

    /** Parameter value types. */
    public enum Type { INTEGER, NUMBER, BOOLEAN, STRING, STRINGS }

    public static ParamSpec required(String name, Type type, String description) {
        return new ParamSpec(name, type, true, null, description);
    }

    public static ParamSpec optional(String name, Type type, Object defaultValue, String description) {
        return new ParamSpec(name, type, false, defaultValue, description);
    }

    /** Why {@code value} is not of this parameter's type, or null when it is. */
    public String violation(Object value) {
        boolean ok = switch (type) {
            case INTEGER -> value instanceof Integer || value instanceof Long;
            case NUMBER -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case STRING -> value instanceof String;
            case STRINGS -> value instanceof List<?> l && l.stream().allMatch(e -> e instanceof String
                    || e instanceof Number);
        };
        return ok ? null : "must be " + switch (type) {
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
            case STRINGS -> "a list of strings";
        } + ", got '" + value + "'";
    }
}
