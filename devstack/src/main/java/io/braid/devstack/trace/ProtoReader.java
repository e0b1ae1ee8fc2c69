package io.braid.devstack.trace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the protobuf wire format (varints, fixed 64-bit, length-delimited fields): enough for OTLP's
 * trace messages without the generated classes. Unknown fields are skipped, as protobuf requires.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private final int end;
    private int pos;
    private int tag;

    ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private ProtoReader(byte[] buf, int from, int end) {
        this.buf = buf;
        this.pos = from;
        this.end = end;
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        tag = (int) varint();
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = read();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint at " + pos);
    }

    long fixed64() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (read() & 0xff) << (8 * i);
        }
        return v;
    }

    byte[] bytes() {
        int len = length();
        byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    String string() {
        int len = length();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** The embedded message of a length-delimited field. */
    ProtoReader message() {
        int len = length();
        ProtoReader inner = new ProtoReader(buf, pos, pos + len);
        pos += len;
        return inner;
    }

    /** Skips the current field's value. */
    void skip() {
        switch (wireType()) {
            case VARINT -> varint();
            case FIXED64 -> pos += 8;
            case LEN -> {
                int len = length(); // read first: "pos += length()" would add to the position before the length
                pos += len;
            }
            case FIXED32 -> pos += 4;
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType() + " at " + pos);
        }
        if (pos > end) {
            throw new IllegalArgumentException("field runs past its message");
        }
    }

    private int length() {
        long len = varint();
        if (len < 0 || pos + len > end) {
            throw new IllegalArgumentException("length " + len + " runs past the message at " + pos);
        }
        return (int) len;
    }

    private byte read() {
        if (pos >= end) {
            throw new IllegalArgumentException("message ends inside a field");
        }
        return buf[pos++];
    }
}
