package io.braid.common.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads typed fields out of a parsed YAML tree and records a {@link Violation} (file, dotted
 * field path, reason) for every missing or ill-typed one, so one load reports all problems.
 */
final class FieldReader {
    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final String file;
    private final List<Violation> violations = new ArrayList<>();

    FieldReader(String file) {
        this.file = file;
    }

    List<Violation> violations() {
        return violations;
    }

    void fail(String field, String reason) {
        violations.add(new Violation(file, field, reason));
    }

    void rejectUnknown(Map<String, Object> node, String path, Set<String> known) {
        for (String key : node.keySet()) {
            if (!known.contains(key)) {
                fail(join(path, key), "unknown field (allowed: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    String string(Map<String, Object> node, String path, String key, boolean required) {
        Object v = node.get(key);
        if (v == null) {
            if (required) {
                fail(join(path, key), "is required");
            }
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            fail(join(path, key), "must be a string");
            return null;
        }
        return v.toString();
    }

    String name(Map<String, Object> node, String path, String key) {
        String v = string(node, path, key, true);
        if (v != null && !NAME.matcher(v).matches()) {
            fail(join(path, key), "'" + v + "' must be lower-case letters, digits and '-' (at most 63)");
            return null;
        }
        return v;
    }

    boolean flag(Map<String, Object> node, String path, String key, boolean defaultValue) {
        Object v = node.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Boolean b)) {
            fail(join(path, key), "must be true or false, got '" + v + "'");
            return defaultValue;
        }
        return b;
    }

    long number(Map<String, Object> node, String path, String key, long defaultValue, long min, long max) {
        Object v = node.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Number n) || v instanceof Double || v instanceof Float) {
            fail(join(path, key), "must be an integer, got '" + v + "'");
            return defaultValue;
        }
        long value = n.longValue();
        if (value < min || value > max) {
            fail(join(path, key), "must be between " + min + " and " + max + ", got " + value);
            return defaultValue;
        }
        return value;
    }

    <E extends Enum<E>> E choice(Map<String, Object> node, String path, String key, Class<E> type, E defaultValue) {
        String v = string(node, path, key, defaultValue == null);
        if (v == null) {
            return defaultValue;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        fail(join(path, key), "'" + v + "' is not one of " + allowed);
        return defaultValue;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(Map<String, Object> node, String path, String key, boolean required) {
        Object v = node.get(key);
        if (v == null) {
            if (required) {
                fail(join(path, key), "is required");
            }
            return null;
        }
        if (!(v instanceof Map)) {
            fail(join(path, key), "must be a mapping");
            return null;
        }
        return (Map<String, Object>) v;
    }

    List<?> list(Map<String, Object> node, String path, String key, boolean required) {
        Object v = node.get(key);
        if (v == null) {
            if (required) {
                fail(join(path, key), "is required");
            }
            return null;
        }
        if (!(v instanceof List<?> l)) {
            fail(join(path, key), "must be a list");
            return null;
        }
        return l;
    }

    static String join(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }
}
