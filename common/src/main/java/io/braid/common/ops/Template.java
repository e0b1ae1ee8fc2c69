package io.braid.common.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text template over named fields: {@code {{field}}} or a dotted path {@code {{branches.analyst.text}}}. A field
 * that resolves to a string is inserted as is; any other JSON value is inserted as compact JSON; a missing field is
 * an error at render time (and, where the fields are known, at load time: {@link #fields}).
 */
public final class Template {
    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

    private final String source;
    private final List<String> fields;

    private Template(String source) {
        this.source = source;
        List<String> found = new ArrayList<>();
        Matcher m = FIELD.matcher(source);
        while (m.find()) {
            found.add(m.group(1));
        }
        this.fields = List.copyOf(found);
    }

    public static Template of(String source) {
        return new Template(source == null ? "" : source);
    }

    /** The field paths the template names, in order of appearance. */
    public List<String> fields() {
        return fields;
    }

    public String source() {
        return source;
    }

    /**
     * The text with every field replaced by its value in {@code values} (a JSON object, looked up along the
     * dotted path); {@link IllegalArgumentException} naming the first field that is missing.
     */
    public String render(JsonNode values) {
        Matcher m = FIELD.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode v = lookup(values, m.group(1));
            if (v.isMissingNode()) {
                throw new IllegalArgumentException("template field '" + m.group(1) + "' has no value (the item has "
                        + names(values) + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v.isTextual() ? v.asText() : v.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The value at a dotted path; a missing node when any step is absent. */
    public static JsonNode lookup(JsonNode root, String path) {
        JsonNode node = root == null ? MissingNode.getInstance() : root;
        for (String step : path.split("\\.")) {
            if (node.isArray() && step.chars().allMatch(Character::isDigit)) {
                node = node.path(Integer.parseInt(step));
            } else {
                node = node.path(step);
            }
            if (node.isMissingNode() || node.isNull()) {
                return MissingNode.getInstance();
            }
        }
        return node;
    }

    private static List<String> names(JsonNode values) {
        List<String> out = new ArrayList<>();
        if (values != null && values.isObject()) {
            values.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    /**
     * The first field of this template that {@code known} does not allow, or null: a known name allows itself and
     * every path below it ({@code branches} allows {@code branches.a.text}).
     */
    public String unknownField(Map<String, Boolean> known) {
        for (String f : fields) {
            boolean ok = false;
            for (Map.Entry<String, Boolean> k : known.entrySet()) {
                if (f.equals(k.getKey()) || (k.getValue() && f.startsWith(k.getKey() + "."))) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                return f;
            }
        }
        return null;
    }
}
