package io.braid.common.ops;

import io.braid.common.payload.PayloadKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * An operator as the registry declares it: the stage that runs it, the kinds of value it takes, its parameters, and
 * the value it makes from a given input (used to check a pipeline when it is loaded).
 *
 * @param name    the name pipelines use ({@code op:})
 * @param stage   {@code preprocess} or {@code postprocess}
 * @param accepts the kinds of value it takes
 * @param params  its parameters by name
 * @param output  the value it makes from an input of a shape with given params (params completed with defaults); an
 *                {@link IllegalArgumentException} says why the input or the params cannot work together
 * @param summary what it does, one line
 */
public record OpSpec(String name, String stage, Set<PayloadKind> accepts, Map<String, ParamSpec> params,
                     BiFunction<ValueShape, Map<String, Object>, ValueShape> output, String summary) {

    public static OpSpec of(String name, String stage, Set<PayloadKind> accepts, List<ParamSpec> params,
                            BiFunction<ValueShape, Map<String, Object>, ValueShape> output, String summary) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        params.forEach(p -> byName.put(p.name(), p));
        return new OpSpec(name, stage, Set.copyOf(accepts), Map.copyOf(byName), output, summary);
    }

    /** {@code given} with every optional parameter that has a default filled in. */
    public Map<String, Object> withDefaults(Map<String, Object> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.values().forEach(p -> {
            if (p.defaultValue() != null) {
                out.put(p.name(), p.defaultValue());
            }
        });
        out.putAll(given);
        return out;
    }
}
