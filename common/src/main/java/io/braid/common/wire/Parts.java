package io.braid.common.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of a task record that carries several items: {@code "BRP1"}, the part count (int32), each
 * part's length (int32), then the parts back to back, all big-endian. One task record per stage for n
 * items instead of n records is what keeps the platform's per-item cost low (see docs/architecture.md).
 */
public final class Parts {
    private static final int MAGIC = 0x42525031; // "BRP1"

    private Parts() {
    }

    public static byte[] encode(List<byte[]> parts) {
        int size = 8 + 4 * parts.size();
        for (byte[] p : parts) {
            size += p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(MAGIC).putInt(parts.size());
        parts.forEach(p -> out.putInt(p.length));
        parts.forEach(out::put);
        return out.array();
    }

    /** The parts of a frame that must hold {@code expected} parts; anything else is a {@link WireFormatException}. */
    public static List<byte[]> decode(byte[] frame, int expected) {
        if (frame == null || frame.length < 8) {
            throw new WireFormatException("value is not a parts frame (" + (frame == null ? 0 : frame.length) + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(frame);
        if (in.getInt() != MAGIC) {
            throw new WireFormatException("value is not a parts frame (no BRP1 magic)");
        }
        int count = in.getInt();
        if (count != expected) {
            throw new WireFormatException("parts frame holds " + count + " parts, headers list " + expected + " items");
        }
        if (in.remaining() < 4L * count) {
            throw new WireFormatException("parts frame is truncated in its length table");
        }
        int[] lengths = new int[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            lengths[i] = in.getInt();
            if (lengths[i] < 0) {
                throw new WireFormatException("parts frame has a negative length");
            }
            total += lengths[i];
        }
        if (total != in.remaining()) {
            throw new WireFormatException("parts frame lengths add up to " + total + " bytes, " + in.remaining() + " follow");
        }
        List<byte[]> parts = new ArrayList<>(count);
        for (int length : lengths) {
            byte[] p = new byte[length];
            in.get(p);
            parts.add(p);
        }
        return parts;
    }

    /** A task's value for these parts: the part itself for one, a frame for several. */
    public static byte[] value(List<byte[]> parts) {
        return parts.size() == 1 ? parts.get(0) : encode(parts);
    }

    /** The parts of a task's value: the value itself for one item, the frame's parts for several. */
    public static List<byte[]> of(byte[] value, int items) {
        return items == 1 ? List.of(value == null ? new byte[0] : value) : decode(value, items);
    }

    /**
     * Splits parts, in order, into groups of positions of at most {@code maxItems} parts and at most
     * {@code maxBytes} bytes of frame; a part too large for any group travels alone.
     */
    public static List<List<Integer>> groups(List<byte[]> parts, int maxItems, long maxBytes) {
        List<List<Integer>> out = new ArrayList<>();
        List<Integer> group = new ArrayList<>();
        long bytes = 8;
        for (int i = 0; i < parts.size(); i++) {
            long size = 4L + parts.get(i).length;
            if (!group.isEmpty() && (group.size() >= maxItems || bytes + size > maxBytes)) {
                out.add(group);
                group = new ArrayList<>();
                bytes = 8;
            }
            group.add(i);
            bytes += size;
        }
        if (!group.isEmpty()) {
            out.add(group);
        }
        return out;
    }
}
