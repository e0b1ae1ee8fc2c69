package io.braid.common.tensor;

import java.util.Locale;

/** Element types a tensor can carry on the wire; the code is the byte written by {@link TensorCodec}. */
public enum DType {
    FLOAT32(1, 4), FLOAT64(2, 8), INT32(3, 4), INT64(4, 8), UINT8(5, 1);

    private final int code;
    private final int byteSize;

    DType(int code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    public int code() {
        return code;
    }

    public int byteSize() {
        return byteSize;
    }

    public static DType fromCode(int code) {
        for (DType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype code " + code);
    }

    /** Parses names as written in model.yaml: {@code float32}, {@code int64}, ... */
    public static DType parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
