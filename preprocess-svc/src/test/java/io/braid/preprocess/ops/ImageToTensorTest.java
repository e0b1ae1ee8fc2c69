package io.braid.preprocess.ops;

import io.braid.common.tensor.Tensor;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;
import io.braid.common.wire.Topics;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImageToTensorTest {
    private static Step step(Map<String, Object> params) {
        return new Step("preprocess", Topics.PREPROCESS, "image-to-tensor", params);
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    @Test
    void aGrayPngKeepsItsExactPixelValuesScaledToUnitRange() throws IOException {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(3, 2, 0, 255);
        img.getRaster().setSample(4, 2, 0, 51);
        Tensor t = ImageToTensor.apply(encode(img, "png"), step(Map.of()));
        assertThat(t.shape()).containsExactly(1, 28, 28);
        float[] v = t.floats();
        assertThat(v[2 * 28 + 3]).isEqualTo(1.0f);
        assertThat(v[2 * 28 + 4]).isCloseTo(0.2f, within(1e-6f));
        assertThat(v[0]).isZero();
    }

    @Test
    void aColourImageBecomesLuminanceAndIsResizedToTheRequestedSize() throws IOException {
        BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                img.setRGB(x, y, 0x00FF00);
            }
        }
        Tensor t = ImageToTensor.apply(encode(img, "png"), step(Map.of("width", 28, "height", 28)));
        assertThat(t.shape()).containsExactly(1, 28, 28);
        assertThat(t.floats()[100]).isCloseTo(0.587f, within(1e-4f));
    }

    @Test
    void aPalettePngBecomesTheLuminanceOfItsColoursPixelByPixel() throws IOException {
        byte[] red = {(byte) 255, 0, 0};
        byte[] green = {0, (byte) 255, 0};
        byte[] blue = {0, 0, (byte) 255};
        java.awt.image.IndexColorModel palette = new java.awt.image.IndexColorModel(2, 3, red, green, blue);
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int x = 0; x < 3; x++) {
            img.getRaster().setSample(x, 1, 0, x);
        }
        Tensor t = ImageToTensor.apply(encode(img, "png"), step(Map.of("width", 3, "height", 2)));
        assertThat(t.floats()).containsExactly(new float[]{0.299f, 0.299f, 0.299f, 0.299f, 0.587f, 0.114f}, within(1e-4f));
    }

    @Test
    void invertMeanAndStdAreApplied() throws IOException {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        Tensor t = ImageToTensor.apply(encode(img, "png"),
                step(Map.of("width", 2, "height", 2, "invert", true, "mean", 0.5, "std", 0.25)));
        assertThat(t.floats()).containsOnly(2.0f);
    }

    @Test
    void aJpegDecodes() throws IOException {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Tensor t = ImageToTensor.apply(encode(img, "jpg"), step(Map.of()));
        assertThat(t.shape()).containsExactly(1, 28, 28);
    }

    @Test
    void bytesThatAreNoImageAreABadInputError() {
        assertThatThrownBy(() -> ImageToTensor.apply("hello".getBytes(), step(Map.of())))
                .isInstanceOfSatisfying(TaskException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_INPUT))
                .hasMessageContaining("not a PNG or JPEG");
    }

    @Test
    void aPixelBombIsRefusedFromItsHeaderBeforeAnyDecode() {
        // 20000x20000 RGB declared in IHDR; decoding it would need more than a gigabyte
        byte[] bomb = pngHeaderOnly(20_000, 20_000);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ImageToTensor.apply(bomb, step(Map.of())))
                .isInstanceOfSatisfying(TaskException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
                    assertThat(e.code().retryable()).isFalse();
                })
                .hasMessageContaining("20000x20000").hasMessageContaining("braid.images.max-pixels");
        assertThat(System.nanoTime() - t0).isLessThan(100_000_000L);
    }

    @Test
    void theLimitsAreTheConfiguredOnes() throws IOException {
        byte[] png = encode(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY), "png");
        assertThat(Preprocessor.pixels(step(Map.of()), png, new io.braid.common.image.ImageLimits(40, 1200))).isEqualTo(1200);
        assertThatThrownBy(() -> Preprocessor.run(step(Map.of()), png, new io.braid.common.image.ImageLimits(39, 1200)))
                .isInstanceOfSatisfying(TaskException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
    }

    private static byte[] pngHeaderOnly(int width, int height) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 25);
        b.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        b.putInt(13).put("IHDR".getBytes()).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).putInt(0);
        return b.array();
    }
}
