package io.braid.preprocess.ops;

import io.braid.common.image.ImageHeader;
import io.braid.common.image.ImageLimits;
import io.braid.common.tensor.Tensor;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Step;
import io.braid.common.wire.TaskException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The {@code image-to-tensor} operator: decode PNG or JPEG, convert to grayscale, resize
 * (bilinear), then {@code value = (pixel / 255 [inverted if asked] - mean) / std} into a
 * float32 tensor of shape {@code [1, height, width]}.
 * Parameters: {@code width}, {@code height} (default 28), {@code invert} (false), {@code mean} (0), {@code std} (1).
 * The image's size is read from its header and checked against the limits before any decode.
 */
public final class ImageToTensor {
    static {
        // in-memory image streams: with the cache on (the default) ImageIO writes every stream to a temp file
        ImageIO.setUseCache(false);
    }

    private ImageToTensor() {
    }

    public static Tensor apply(byte[] encoded, Step step) {
        return apply(encoded, step, ImageLimits.DEFAULTS);
    }

    /** Checks the header against {@code limits}, then decodes and converts. */
    public static Tensor apply(byte[] encoded, Step step, ImageLimits limits) {
        header(encoded, limits);
        int width = (int) step.number("width", 28);
        int height = (int) step.number("height", 28);
        boolean invert = step.flag("invert", false);
        double mean = step.number("mean", 0.0);
        double std = step.number("std", 1.0);
        float[][] gray = resize(grayscale(decode(encoded)), width, height);
        float[] out = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = gray[y][x] / 255.0;
                if (invert) {
                    v = 1.0 - v;
                }
                out[y * width + x] = (float) ((v - mean) / std);
            }
        }
        return Tensor.ofFloats(new long[]{1, height, width}, out);
    }

    /**
     * The image's header, read without decoding: {@code BAD_INPUT} when there is none to read,
     * {@code TOO_LARGE} when it declares more pixels than {@code limits} allow.
     */
    public static ImageHeader header(byte[] encoded, ImageLimits limits) {
        ImageHeader header;
        try {
            header = ImageHeader.read(encoded);
        } catch (IllegalArgumentException e) {
            throw new TaskException(ErrorCode.BAD_INPUT, e.getMessage());
        }
        String violation = limits.violation(header);
        if (violation != null) {
            throw new TaskException(ErrorCode.TOO_LARGE, violation);
        }
        return header;
    }

    static BufferedImage decode(byte[] encoded) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException | RuntimeException e) {
            throw new TaskException(ErrorCode.BAD_INPUT, "image does not decode: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new TaskException(ErrorCode.BAD_INPUT, "input is not a PNG or JPEG image (" + encoded.length + " bytes)");
        }
        return img;
    }

    /**
     * Luminance 0..255 read from the raster, not through {@code getRGB}, which would apply a colour
     * space conversion to gray images and shift their values.
     */
    static float[][] grayscale(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[][] out = new float[h][w];
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        double max = (1 << img.getColorModel().getComponentSize(0)) - 1;
        // whole rows at a time: the per-pixel Raster calls cost more than the rest of the operator
        if (img.getColorModel() instanceof IndexColorModel) {
            int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = rgb[y * w + x];
                    out[y][x] = (float) luminance((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff);
                }
            }
        } else if (bands < 3) {
            int[] gray = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, gray);
                for (int x = 0; x < w; x++) {
                    out[y][x] = (float) (gray[x] * 255.0 / max);
                }
            }
        } else {
            // one row at a time: three whole-image sample arrays would cost 12 bytes per pixel more
            double scale = 255.0 / max;
            int[] red = new int[w];
            int[] green = new int[w];
            int[] blue = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, red);
                r.getSamples(0, y, w, 1, 1, green);
                r.getSamples(0, y, w, 1, 2, blue);
                for (int x = 0; x < w; x++) {
                    out[y][x] = (float) luminance(red[x] * scale, green[x] * scale, blue[x] * scale);
                }
            }
        }
        return out;
    }

    private static double luminance(double red, double green, double blue) {
        return 0.299 * red + 0.587 * green + 0.114 * blue;
    }

    /** Bilinear resize with pixel centres aligned; the identity when the size already matches. */
    static float[][] resize(float[][] src, int width, int height) {
        int sh = src.length;
        int sw = src[0].length;
        if (sw == width && sh == height) {
            return src;
        }
        float[][] out = new float[height][width];
        double sx = (double) sw / width;
        double sy = (double) sh / height;
        for (int y = 0; y < height; y++) {
            double fy = Math.max(0, Math.min(sh - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(sh - 1, y0 + 1);
            double wy = fy - y0;
            for (int x = 0; x < width; x++) {
                double fx = Math.max(0, Math.min(sw - 1, (x + 0.5) * sx - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(sw - 1, x0 + 1);
                double wx = fx - x0;
                double top = src[y0][x0] * (1 - wx) + src[y0][x1] * wx;
                double bottom = src[y1][x0] * (1 - wx) + src[y1][x1] * wx;
                out[y][x] = (float) (top * (1 - wy) + bottom * wy);
            }
        }
        return out;
    }
}
