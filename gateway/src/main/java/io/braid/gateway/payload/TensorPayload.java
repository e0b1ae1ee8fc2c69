package io.braid.gateway.payload;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.tensor.DType;
import io.braid.common.tensor.Tensor;
import io.braid.gateway.rest.ApiProblem;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tensor input in Open Inference Protocol v2 form ({@code datatype}, {@code shape}, {@code data}), checked and
 * turned into a {@link Tensor}: the datatype one {@code TensorCodec} carries, the shape non-negative integers of at
 * most 8 dimensions and {@code braid.gateway.inputs.max-tensor-elements} elements, the data flat or nested row-major
 * (nested arrays must be rectangular) with as many elements as the shape, each of the datatype's type and range.
 * Every refusal is a 400 that names the path ({@code inputs[2].tensor.data[1][0]}).
 */
public final class TensorPayload {
    /** The OIP datatypes accepted, and the element type each becomes. */
    public static final Map<String, DType> DATATYPES = datatypes();
    /** Most dimensions (what {@code TensorCodec} carries). */
    public static final int MAX_RANK = 8;

    private TensorPayload() {
    }

    private static Map<String, DType> datatypes() {
        Map<String, DType> m = new LinkedHashMap<>();
        m.put("FP32", DType.FLOAT32);
        m.put("FP64", DType.FLOAT64);
        m.put("INT32", DType.INT32);
        m.put("INT64", DType.INT64);
        m.put("UINT8", DType.UINT8);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The element type of an OIP {@code datatype}, or 400 listing those accepted. */
    public static DType dtype(String datatype, String field) {
        if (datatype == null || datatype.isEmpty()) {
            throw ApiProblem.badRequest(field + " is required: one of " + String.join(", ", DATATYPES.keySet()));
        }
        DType t = DATATYPES.get(datatype);
        if (t == null) {
            throw ApiProblem.badRequest(field + " is " + datatype + "; tensor inputs take one of "
                    + String.join(", ", DATATYPES.keySet()));
        }
        return t;
    }

    /** The shape: an array of at most {@value #MAX_RANK} non-negative integers of at most {@code maxElements}. */
    public static long[] shape(JsonNode shape, String field, long maxElements) {
        if (shape == null || shape.isNull()) {
            throw ApiProblem.badRequest(field + " is required: an array of non-negative integers, e.g. [2, 3]");
        }
        if (!shape.isArray()) {
            throw ApiProblem.badRequest(field + " must be an array of non-negative integers, got " + shape);
        }
        if (shape.size() > MAX_RANK) {
            throw ApiProblem.badRequest(field + " has " + shape.size() + " dimensions; at most " + MAX_RANK);
        }
        long[] out = new long[shape.size()];
        long elements = 1;
        for (int i = 0; i < out.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
                throw ApiProblem.badRequest(field + "[" + i + "] must be a non-negative integer, got " + d);
            }
            out[i] = d.asLong();
            elements = out[i] == 0 || elements == 0 ? 0 : (elements > maxElements / out[i] ? maxElements + 1
                    : elements * out[i]);
        }
        if (elements > maxElements) {
            throw ApiProblem.badRequest(field + " " + shape + " has more than " + maxElements + " elements, the limit"
                    + " (braid.gateway.inputs.max-tensor-elements)");
        }
        return out;
    }

    /** A tensor from JSON: {@code prefix} names the object ({@code inputs[0].tensor}), whose members are checked. */
    public static Tensor fromJson(String prefix, String datatype, JsonNode shapeNode, JsonNode data, long maxElements) {
        DType dtype = dtype(datatype, prefix + ".datatype");
        long[] shape = shape(shapeNode, prefix + ".shape", maxElements);
        long needed = Tensor.elementCount(shape);
        String field = prefix + ".data";
        if (data == null || data.isNull()) {
            throw ApiProblem.badRequest(field + " is required: the elements, flat or nested row-major");
        }
        if (!data.isArray()) {
            throw ApiProblem.badRequest(field + " must be an array of the elements (flat or nested row-major), got "
                    + data.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        List<Integer> dims = new ArrayList<>();
        for (JsonNode n = data; n.isArray(); n = n.get(0)) {
            dims.add(n.size());
            if (n.isEmpty()) {
                break;
            }
        }
        long count = rectangular(data, dims, 0, field);
        if (count != needed) {
            throw ApiProblem.badRequest(field + " has " + count + " elements; shape " + shapeNode + " needs " + needed);
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(needed * dtype.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        write(data, dims.size(), dtype, buf, field, new int[dims.size()], 0);
        return new Tensor(dtype, shape, buf.array());
    }

    /** A tensor from raw little-endian bytes (OIP binary tensor data), which must be exactly the shape's size. */
    public static Tensor fromBytes(String prefix, String datatype, JsonNode shapeNode, ByteBuffer raw, long maxElements) {
        DType dtype = dtype(datatype, prefix + ".datatype");
        long[] shape = shape(shapeNode, prefix + ".shape", maxElements);
        long needed = Tensor.elementCount(shape) * dtype.byteSize();
        if (raw.remaining() != needed) {
            throw ApiProblem.badRequest(prefix + " has " + raw.remaining() + " bytes of binary data; shape " + shapeNode
                    + " of " + datatype + " needs " + needed);
        }
        byte[] data = new byte[raw.remaining()];
        raw.get(data);
        return new Tensor(dtype, shape, data);
    }

    /** The scalars under {@code node}, checking that every array at depth d has {@code dims[d]} elements. */
    private static long rectangular(JsonNode node, List<Integer> dims, int depth, String path) {
        if (depth == dims.size()) {
            if (node.isArray() || node.isObject()) {
                throw ApiProblem.badRequest(path + " is an " + (node.isArray() ? "array" : "object") + " where the"
                        + " data has scalars; nested data must be rectangular");
            }
            return 1;
        }
        if (!node.isArray() || node.size() != dims.get(depth)) {
            throw ApiProblem.badRequest(path + (node.isArray() ? " has " + node.size() + " elements" : " is not an array")
                    + " where its siblings have " + dims.get(depth) + "; nested data must be rectangular");
        }
        long n = 0;
        for (int i = 0; i < node.size(); i++) {
            n += rectangular(node.get(i), dims, depth + 1, path + "[" + i + "]");
        }
        return n;
    }

    private static void write(JsonNode node, int rank, DType dtype, ByteBuffer buf, String field, int[] at, int depth) {
        if (depth == rank) {
            element(node, dtype, buf, field, at);
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            at[depth] = i;
            write(node.get(i), rank, dtype, buf, field, at, depth + 1);
        }
    }

    private static void element(JsonNode v, DType dtype, ByteBuffer buf, String field, int[] at) {
        switch (dtype) {
            case FLOAT32, FLOAT64 -> {
                double d = v.isNumber() ? v.doubleValue() : Double.NaN;
                if (!v.isNumber() || !Double.isFinite(d) || (dtype == DType.FLOAT32 && Math.abs(d) > Float.MAX_VALUE)) {
                    throw refused(field, at, v, (dtype == DType.FLOAT32 ? "FP32" : "FP64") + " takes finite numbers"
                            + (dtype == DType.FLOAT32 ? " within ±" + Float.MAX_VALUE : ""));
                }
                if (dtype == DType.FLOAT32) {
                    buf.putFloat((float) d);
                } else {
                    buf.putDouble(d);
                }
            }
            case INT32 -> {
                if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                    throw refused(field, at, v, "INT32 takes integers " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
                }
                buf.putInt(v.intValue());
            }
            case INT64 -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw refused(field, at, v, "INT64 takes integers " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
                }
                buf.putLong(v.longValue());
            }
            case UINT8 -> {
                if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() > 255) {
                    throw refused(field, at, v, "UINT8 takes integers 0 to 255");
                }
                buf.put((byte) v.intValue());
            }
        }
    }

    private static ApiProblem refused(String field, int[] at, JsonNode v, String rule) {
        StringBuilder path = new StringBuilder(field);
        for (int i : at) {
            path.append('[').append(i).append(']');
        }
        String shown = v.toString();
        return ApiProblem.badRequest(path + " is " + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown)
                + "; " + rule);
    }
}
