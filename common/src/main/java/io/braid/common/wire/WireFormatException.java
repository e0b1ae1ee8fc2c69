package io.braid.common.wire;

/** A record or header that cannot be decoded: a poison record, never worth a retry. */
public class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
