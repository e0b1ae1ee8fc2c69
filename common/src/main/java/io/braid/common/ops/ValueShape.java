package io.braid.common.ops;

import io.braid.common.payload.PayloadKind;
import io.braid.common.tensor.DType;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a value between two steps is, as far as it is known when a pipeline is loaded: its kind and, for a tensor,
 * its element type and per-item shape (either may be unknown: null).
 */
public record ValueShape(PayloadKind kind, DType dtype, long[] dims) {

    public static ValueShape of(PayloadKind kind) {
        return new ValueShape(kind, null, null);
    }

    public static ValueShape tensor(DType dtype, long[] dims) {
        return new ValueShape(PayloadKind.TENSOR, dtype, dims);
    }

    /** Whether a value of this shape can feed a step that takes {@code wanted}; unknown parts match anything. */
    public boolean fits(ValueShape wanted) {
        if (kind != wanted.kind) {
            return false;
        }
        if (kind != PayloadKind.TENSOR) {
            return true;
        }
        boolean dtypeOk = dtype == null || wanted.dtype == null || dtype == wanted.dtype;
        boolean dimsOk = dims == null || wanted.dims == null || Arrays.equals(dims, wanted.dims);
        return dtypeOk && dimsOk;
    }

    @Override
    public String toString() {
        if (kind != PayloadKind.TENSOR) {
            return kind.apiName();
        }
        return (dtype == null ? "tensor" : dtype.name().toLowerCase(Locale.ROOT)) + " "
                + (dims == null ? "[?]" : Arrays.toString(dims));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueShape v && kind == v.kind && dtype == v.dtype && Arrays.equals(dims, v.dims);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(dims);
    }
}
