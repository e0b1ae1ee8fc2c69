package io.braid.common.payload;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A text or JSON value travelling between stages (tensors travel as {@code TensorCodec} records instead).
 *
 * @param kind  {@link PayloadKind#TEXT} or {@link PayloadKind#JSON}
 * @param bytes its UTF-8 bytes
 */
public record Payload(PayloadKind kind, byte[] bytes) {
    public Payload {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bytes, "bytes");
        if (kind != PayloadKind.TEXT && kind != PayloadKind.JSON) {
            throw new IllegalArgumentException("a payload is text or json, not " + kind.apiName());
        }
    }

    public static Payload text(String text) {
        return new Payload(PayloadKind.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Payload json(byte[] json) {
        return new Payload(PayloadKind.JSON, json);
    }

    /** The value as a string (the text, or the JSON document). */
    public String string() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
