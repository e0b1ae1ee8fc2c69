package io.braid.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Grayscale PNGs for the load, drawn here so the benchmark needs no data set: strokes on a dark background
 * at the pipeline's input size, so that pre-processing decodes a real PNG and does not resize.
 */
final class TestImages {
    private TestImages() {
    }

    /** {@code count} distinct base64 PNGs of {@code side}×{@code side} pixels. */
    static List<String> base64Pngs(int count, int side, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(Base64.getEncoder().encodeToString(png(side, random)));
        }
        return out;
    }

    private static byte[] png(int side, Random random) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, side, side);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(Math.max(2f, side / 10f)));
        for (int s = 0; s < 3; s++) {
            g.drawLine(random.nextInt(side), random.nextInt(side), random.nextInt(side), random.nextInt(side));
        }
        g.drawOval(side / 4, side / 4, side / 2, side / 2 + random.nextInt(side / 4));
        g.dispose();
        try (ByteArrayOutputStream buf = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", buf);
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
