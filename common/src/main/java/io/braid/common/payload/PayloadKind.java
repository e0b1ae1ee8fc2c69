package io.braid.common.payload;

import java.util.Locale;

/**
 * What a pipeline takes as input, and what travels between stages. The gateway turns each input field of a
 * job ({@code image}, {@code text}, {@code json}, {@code tensor}) into raw item bytes with the kind's content type;
 * no stage ever sees base64.
 */
public enum PayloadKind {
    /** A PNG or JPEG image; the raw file bytes. */
    IMAGE("image/*"),
    /** UTF-8 text; the raw bytes. */
    TEXT("text/plain; charset=utf-8"),
    /** A JSON document; its UTF-8 bytes. */
    JSON("application/json"),
    /** An Open Inference Protocol v2 tensor (name, shape, datatype, data), carried as a {@code TensorCodec} record. */
    TENSOR("application/x-braid-tensor");

    private final String contentType;

    PayloadKind(String contentType) {
        this.contentType = contentType;
    }

    /** The content type of a job item of this kind ({@code image/png} or {@code image/jpeg} for images). */
    public String contentType() {
        return contentType;
    }

    /** The name used in pipeline files and the API: {@code image}, {@code text}, {@code json}, {@code tensor}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of an API name; {@link IllegalArgumentException} when it names none. */
    public static PayloadKind parse(String name) {
        for (PayloadKind k : values()) {
            if (k.apiName().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not one of image, text, json, tensor");
    }
}
