package io.braid.common.payload;

import io.braid.common.wire.WireFormatException;

import java.util.Arrays;

/**
 * The binary form of a {@link Payload} between stages:
 * <pre>
 * magic "BPLD" (4 bytes) | u8 version=1 | u8 kind (1 text, 2 json) | UTF-8 bytes
 * </pre>
 * A record that starts with {@code BTNS} is a tensor ({@code TensorCodec}); {@link #isPayload} tells them apart.
 */
public final class PayloadCodec {
    private static final byte[] MAGIC = {'B', 'P', 'L', 'D'};
    private static final byte VERSION = 1;
    private static final int HEADER = 6;

    private PayloadCodec() {
    }

    public static byte[] encode(Payload p) {
        byte[] out = new byte[HEADER + p.bytes().length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[4] = VERSION;
        out[5] = (byte) (p.kind() == PayloadKind.TEXT ? 1 : 2);
        System.arraycopy(p.bytes(), 0, out, HEADER, p.bytes().length);
        return out;
    }

    /** Whether {@code bytes} is an encoded payload (as opposed to a tensor or anything else). */
    public static boolean isPayload(byte[] bytes) {
        return bytes != null && bytes.length >= HEADER && bytes[0] == 'B' && bytes[1] == 'P' && bytes[2] == 'L'
                && bytes[3] == 'D';
    }

    public static Payload decode(byte[] bytes) {
        if (!isPayload(bytes)) {
            throw new WireFormatException("not a payload record (no BPLD magic)");
        }
        if (bytes[4] != VERSION) {
            throw new WireFormatException("payload version " + bytes[4] + " is not supported (expected " + VERSION + ")");
        }
        PayloadKind kind = switch (bytes[5]) {
            case 1 -> PayloadKind.TEXT;
            case 2 -> PayloadKind.JSON;
            default -> throw new WireFormatException("payload kind code " + bytes[5] + " is unknown");
        };
        return new Payload(kind, Arrays.copyOfRange(bytes, HEADER, bytes.length));
    }
}
