package io.braid.common.ops;

import io.braid.common.payload.PayloadKind;
import io.braid.common.tensor.DType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.braid.common.ops.ParamSpec.Type.BOOLEAN;
import static io.braid.common.ops.ParamSpec.Type.INTEGER;
import static io.braid.common.ops.ParamSpec.Type.NUMBER;
import static io.braid.common.ops.ParamSpec.Type.STRING;
import static io.braid.common.ops.ParamSpec.Type.STRINGS;

/**
 * The pre- and post-processing operators the stages implement, each with its typed parameters, the kinds it takes and
 * the value it makes. Pipelines are checked against it when they load; the stages run exactly these names.
 */
public final class OpRegistry {
    public static final String PREPROCESS = "preprocess";
    public static final String POSTPROCESS = "postprocess";

    private static final Map<String, OpSpec> OPS = new LinkedHashMap<>();

    static {
        add(OpSpec.of("image-to-tensor", PREPROCESS, Set.of(PayloadKind.IMAGE), List.of(
                ParamSpec.optional("width", INTEGER, 28, "output width in pixels"),
                ParamSpec.optional("height", INTEGER, 28, "output height in pixels"),
                ParamSpec.optional("invert", BOOLEAN, false, "1 - luminance (dark ink on light paper)"),
                ParamSpec.optional("mean", NUMBER, 0.0, "subtracted after scaling to [0, 1]"),
                ParamSpec.optional("std", NUMBER, 1.0, "divides after the mean")),
                (in, p) -> {
                    long w = ((Number) p.get("width")).longValue();
                    long h = ((Number) p.get("height")).longValue();
                    if (w < 1 || h < 1 || w > 4096 || h > 4096) {
                        throw new IllegalArgumentException("width and height must be between 1 and 4096");
                    }
                    return ValueShape.tensor(DType.FLOAT32, new long[]{1, h, w});
                }, "decodes a PNG or JPEG into a grey float32 tensor [1, height, width]"));
        add(OpSpec.of("text-template", PREPROCESS, Set.of(PayloadKind.TEXT, PayloadKind.JSON), List.of(
                ParamSpec.required("template", STRING, "the text to make, with {{field}} taken from the item")),
                (in, p) -> ValueShape.of(PayloadKind.TEXT),
                "renders a template over the item's fields ({{text}} of a text item, the fields of a JSON object)"));
        add(OpSpec.of("json-select", PREPROCESS, Set.of(PayloadKind.JSON), List.of(
                ParamSpec.required("path", STRING, "dotted path of the value to keep, e.g. ticket.body"),
                ParamSpec.optional("as", STRING, "json", "json (the value) or text (a string value, or the JSON text)")),
                (in, p) -> switch (String.valueOf(p.get("as"))) {
                    case "json" -> ValueShape.of(PayloadKind.JSON);
                    case "text" -> ValueShape.of(PayloadKind.TEXT);
                    default -> throw new IllegalArgumentException("params.as must be json or text, got '" + p.get("as") + "'");
                }, "keeps one value of a JSON item"));
        add(OpSpec.of("classify", POSTPROCESS, Set.of(PayloadKind.TENSOR), List.of(
                ParamSpec.optional("topK", INTEGER, 3, "labels listed, best first"),
                ParamSpec.optional("probabilities", BOOLEAN, null, "whether the full vector is kept (reducers mean/vote need it)"),
                ParamSpec.optional("labels", STRINGS, null, "class labels in output order (default: the model's)")),
                (in, p) -> {
                    if (in.dims() != null && in.dims().length != 1) {
                        throw new IllegalArgumentException("classify takes one score per class, a 1-D tensor; the model "
                                + "outputs " + in);
                    }
                    return ValueShape.of(PayloadKind.JSON);
                }, "softmax, top-k and labels of a score vector"));
        add(OpSpec.of("text-output", POSTPROCESS, Set.of(PayloadKind.TEXT), List.of(
                ParamSpec.optional("parse", STRING, "none", "none (the text) or json (the text parsed as JSON: output.data)"),
                ParamSpec.optional("maxChars", INTEGER, 0, "longest text kept; 0 keeps all")),
                (in, p) -> {
                    if (!Set.of("none", "json").contains(String.valueOf(p.get("parse")))) {
                        throw new IllegalArgumentException("params.parse must be none or json, got '" + p.get("parse") + "'");
                    }
                    return ValueShape.of(PayloadKind.JSON);
                }, "a model's text (with its token usage and finish reason) as the branch output"));
        add(OpSpec.of("embedding-output", POSTPROCESS, Set.of(PayloadKind.TENSOR), List.of(
                ParamSpec.optional("normalize", BOOLEAN, false, "scale the vector to unit length")),
                (in, p) -> {
                    if (in.dims() != null && in.dims().length != 1) {
                        throw new IllegalArgumentException("embedding-output takes a 1-D vector; the model outputs " + in);
                    }
                    return ValueShape.of(PayloadKind.JSON);
                }, "a vector (an embedding) as the branch output"));
    }

    private OpRegistry() {
    }

    private static void add(OpSpec op) {
        OPS.put(op.name(), op);
    }

    public static Optional<OpSpec> find(String name) {
        return Optional.ofNullable(OPS.get(name));
    }

    public static Collection<OpSpec> all() {
        return OPS.values();
    }

    /** The operator names of one stage. */
    public static List<String> names(String stage) {
        return OPS.values().stream().filter(o -> o.stage().equals(stage)).map(OpSpec::name).toList();
    }

    /**
     * Every problem of {@code params} for {@code op}, as {@code field: reason} pairs with field relative to the
     * operator ({@code params.width}): unknown names, missing required ones, values of the wrong type.
     */
    public static List<String[]> paramViolations(OpSpec op, Map<String, Object> params) {
        List<String[]> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            ParamSpec spec = op.params().get(e.getKey());
            if (spec == null) {
                out.add(new String[]{"params." + e.getKey(), "is not a parameter of " + op.name() + " (it takes "
                        + op.params().keySet() + ")"});
            } else if (e.getValue() != null && spec.violation(e.getValue()) != null) {
                out.add(new String[]{"params." + e.getKey(), spec.violation(e.getValue())});
            }
        }
        op.params().values().stream().filter(ParamSpec::required).filter(p -> !params.containsKey(p.name()))
                .forEach(p -> out.add(new String[]{"params." + p.name(), "is required by " + op.name() + " (" + p.description() + ")"}));
        return out;
    }
}
