package io.braid.bench.chaos;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Valid PNGs that are small on the wire and huge once decoded: an RGB image of {@code width × height} black
 * pixels, whose zero rows deflate about a thousandfold (an 8000 × 8000 bomb is about 190 kB and 192 MB decoded).
 */
final class PngBombs {
    private PngBombs() {
    }

    /** An RGB bomb. */
    static byte[] black(int width, int height) {
        return black(width, height, 3);
    }

    /** A bomb of {@code channels} 8-bit channels: 1 (grey) or 3 (RGB). */
    static byte[] black(int width, int height, int channels) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream header = new DataOutputStream(ihdr);
            header.writeInt(width);
            header.writeInt(height);
            // 8-bit grey (0) or RGB (2), deflate, no filter method, no interlace
            header.write(new byte[]{8, (byte) (channels == 3 ? 2 : 0), 0, 0, 0});
            chunk(png, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
                byte[] row = new byte[1 + width * channels]; // filter byte 0, then black pixels
                for (int y = 0; y < height; y++) {
                    z.write(row);
                }
            }
            chunk(png, "IDAT", idat.toByteArray());
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        out.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
