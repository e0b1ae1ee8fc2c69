package io.braid.common.image;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageHeaderTest {

    @Test
    void readsThePngSizeAndSampleLayoutFromIhdr() throws IOException {
        ImageHeader h = ImageHeader.read(encode(new BufferedImage(31, 17, BufferedImage.TYPE_3BYTE_BGR), "png"));
        assertThat(h).isEqualTo(new ImageHeader("png", 31, 17, 3));
        assertThat(ImageHeader.read(encode(new BufferedImage(5, 6, BufferedImage.TYPE_BYTE_GRAY), "png")))
                .isEqualTo(new ImageHeader("png", 5, 6, 1));
    }

    @Test
    void readsTheJpegSizeFromItsFrameHeaderPastOtherSegments() throws IOException {
        ImageHeader h = ImageHeader.read(encode(new BufferedImage(640, 9, BufferedImage.TYPE_3BYTE_BGR), "jpeg"));
        assertThat(h.format()).isEqualTo("jpeg");
        assertThat(h.dimensions()).isEqualTo("640x9");
        assertThat(h.bytesPerPixel()).isEqualTo(3);
    }

    @Test
    void aPixelBombIsMeasuredFromItsHeaderWithoutDecoding() {
        byte[] bomb = bombPng(20_000, 20_000);
        assertThat(bomb.length).isLessThan(200);
        long t0 = System.nanoTime();
        ImageHeader h = ImageHeader.read(bomb);
        assertThat(System.nanoTime() - t0).isLessThan(50_000_000L);
        assertThat(h.pixels()).isEqualTo(400_000_000L);
        assertThat(ImageLimits.DEFAULTS.violation(h)).contains("20000x20000", "400000000 pixels", "8192", "16777216",
                "braid.images.max-pixels");
    }

    @Test
    void theLimitsAcceptAnImageAtTheLimitAndRefuseOnePixelMore() {
        ImageLimits limits = new ImageLimits(100, 5000);
        assertThat(limits.violation(new ImageHeader("png", 100, 50, 1))).isNull();
        assertThat(limits.violation(new ImageHeader("png", 100, 51, 1))).contains("100x51");
        assertThat(limits.violation(new ImageHeader("png", 101, 1, 1))).contains("100 on a side");
    }

    @Test
    void whatIsNotAReadableHeaderIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ImageHeader.read("hello".getBytes())).hasMessageContaining("not a PNG or JPEG");
        byte[] png = bombPng(10, 10);
        assertThatThrownBy(() -> ImageHeader.read(Arrays.copyOf(png, 20))).hasMessageContaining("IHDR");
        assertThatThrownBy(() -> ImageHeader.read(bombPng(0, 10))).hasMessageContaining("no pixels");
        assertThatThrownBy(() -> ImageHeader.read(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}))
                .hasMessageContaining("SOF");
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    /** A PNG that declares {@code width}×{@code height} 8-bit gray pixels and carries an empty IDAT. */
    static byte[] bombPng(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[]{0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes();
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
