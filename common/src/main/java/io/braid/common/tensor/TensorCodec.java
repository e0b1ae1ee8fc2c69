package io.braid.common.tensor;

import io.braid.common.wire.WireFormatException;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary tensor format used between stages (no JSON, no base64):
 * <pre>
 * magic "BTNS" (4 bytes) | u8 version=1 | u8 dtype code | u8 rank | rank × i64 dim | raw data
 * </pre>
 * Dimensions and data are little-endian. The data length must equal the element count times the
 * dtype size exactly; anything else is a {@link WireFormatException}.
 */
public final class TensorCodec {
    private static final byte[] MAGIC = {'B', 'T', 'N', 'S'};
    private static final byte VERSION = 1;
    private static final int MAX_RANK = 8;

    private TensorCodec() {
    }

    public static byte[] encode(Tensor t) {
        int rank = t.shape().length;
        if (rank > MAX_RANK) {
            throw new IllegalArgumentException("rank " + rank + " exceeds " + MAX_RANK);
        }
        ByteBuffer buf = ByteBuffer.allocate(7 + rank * 8 + t.data().length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put(VERSION).put((byte) t.dtype().code()).put((byte) rank);
        for (long d : t.shape()) {
            buf.putLong(d);
        }
        buf.put(t.data());
        return buf.array();
    }

    public static Tensor decode(byte[] bytes) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (byte m : MAGIC) {
                if (buf.get() != m) {
                    throw new WireFormatException("not a Braid tensor (bad magic)");
                }
            }
            byte version = buf.get();
            if (version != VERSION) {
                throw new WireFormatException("unsupported tensor version " + version);
            }
            DType dtype;
            try {
                dtype = DType.fromCode(buf.get());
            } catch (IllegalArgumentException e) {
                throw new WireFormatException(e.getMessage(), e);
            }
            int rank = buf.get();
            if (rank < 0 || rank > MAX_RANK) {
                throw new WireFormatException("bad tensor rank " + rank);
            }
            long[] shape = new long[rank];
            for (int i = 0; i < rank; i++) {
                shape[i] = buf.getLong();
            }
            long expected;
            try {
                expected = Tensor.elementCount(shape) * dtype.byteSize();
            } catch (ArithmeticException | IllegalArgumentException e) {
                throw new WireFormatException("bad tensor shape: " + e.getMessage(), e);
            }
            if (expected != buf.remaining()) {
                throw new WireFormatException("tensor data is " + buf.remaining() + " bytes, shape needs " + expected);
            }
            byte[] data = new byte[buf.remaining()];
            buf.get(data);
            return new Tensor(dtype, shape, data);
        } catch (BufferUnderflowException e) {
            throw new WireFormatException("truncated tensor", e);
        }
    }
}
