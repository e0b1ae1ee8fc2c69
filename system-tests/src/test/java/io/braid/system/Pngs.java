package io.braid.system;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** PNGs made in the test: pixel bombs (a huge IHDR over an IDAT of compressed zeros) and padded images. */
final class Pngs {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private Pngs() {
    }

    /**
     * A valid 8-bit gray PNG of {@code width}×{@code height} black pixels: every row (filter byte and
     * samples) is zeros, which deflate compresses about 1000:1, so 20000×20000 is some 400 kB.
     */
    static byte[] bomb(int width, int height) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buf = new byte[1 << 16];
        long left = (long) height * (width + 1);
        while (left > 0) {
            int n = (int) Math.min(zeros.length, left);
            deflater.setInput(zeros, 0, n);
            left -= n;
            while (!deflater.needsInput()) {
                idat.write(buf, 0, deflater.deflate(buf));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            idat.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A PNG whose header is valid but whose pixel data is not a deflate stream: it fails only when decoded. */
    static byte[] corrupt(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", "this is not deflate data at all".getBytes(StandardCharsets.US_ASCII));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** {@code png} followed by a private ancillary chunk after IEND, {@code total} bytes in all (decoders stop at IEND). */
    static byte[] padded(byte[] png, int total) {
        int data = total - png.length - 12;
        if (data < 0) {
            throw new IllegalArgumentException("cannot pad " + png.length + " bytes to " + total);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        out.writeBytes(png);
        chunk(out, "brPd", new byte[data]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
