package io.braid.common.wire;

import java.util.Arrays;
import java.util.Map;

/**
 * Keeps dead letters bounded: a payload above the bound is cut to its first {@code maxBytes} bytes and
 * the header {@link Headers#DLQ_ORIGINAL_BYTES} notes the original size; the error message is cut to
 * {@link #MAX_MESSAGE_CHARS}. The dead-letter topic's size is then bounded by its record count.
 */
public final class DeadLetterPayload {
    /** The longest error message a dead letter carries. */
    public static final int MAX_MESSAGE_CHARS = 1000;

    private DeadLetterPayload() {
    }

    /** The payload to park, at most {@code maxBytes} long; notes the original size in {@code headers} when cut. */
    public static byte[] bound(byte[] payload, int maxBytes, Map<String, String> headers) {
        byte[] value = payload == null ? new byte[0] : payload;
        if (value.length <= maxBytes) {
            return value;
        }
        headers.put(Headers.DLQ_ORIGINAL_BYTES, Integer.toString(value.length));
        return Arrays.copyOf(value, Math.max(0, maxBytes));
    }

    /** The error message, at most {@link #MAX_MESSAGE_CHARS} characters (cut ones end with an ellipsis). */
    public static String message(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
    }
}
