package io.braid.gateway.oip;

import com.fasterxml.jackson.databind.JsonNode;
import io.braid.common.image.ImageLimits;
import io.braid.gateway.rest.ApiProblem;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The input {@code image} as a tensor of grey pixels rather than encoded images: datatype {@code UINT8} (0 to 255)
 * or {@code FP32} (0.0 to 1.0, the scale image pre-processing gives: pixel / 255), shape {@code [N, H, W]} or
 * {@code [N, 1, H, W]}, row-major, as JSON numbers (flat or nested) or as Triton binary data (little-endian).
 * Each image becomes a lossless grey PNG and runs through the pipeline like an uploaded one, so pre-processing
 * still resizes it to each model's size; FP32 values are rounded to the nearest of 256 levels on the way.
 */
final class PixelTensor {
    /** The datatypes a pixel tensor may have. */
    static final List<String> DATATYPES = List.of("UINT8", "FP32");
    static final String ACCEPTED = "or a pixel tensor of datatype UINT8 (0 to 255) or FP32 (0.0 to 1.0) and shape"
            + " [N, H, W] or [N, 1, H, W]";

    /** One grey image, row-major, one byte per pixel. */
    record Pixels(int height, int width, byte[] grey) {
        /** The image as a PNG. */
        byte[] png() {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, width, height, grey);
            ByteArrayOutputStream out = new ByteArrayOutputStream(grey.length / 2 + 128);
            try {
                ImageIO.write(image, "png", out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    private PixelTensor() {
    }

    /**
     * Reads the pixel tensor of input {@code in}: from {@code binary} (its {@code binary_data_size} bytes) when not
     * null, else from its JSON {@code data}.
     */
    static List<Object> read(JsonNode in, String datatype, long[] shape, ByteBuffer binary, int maxItems) {
        boolean channel = shape.length == 4 && shape[1] == 1;
        if (shape.length != 3 && !channel) {
            throw ApiProblem.badRequest("input 'image' of datatype " + datatype + " has shape " + Arrays.toString(shape)
                    + "; a pixel tensor has shape [N, H, W] or [N, 1, H, W] (one grey channel)");
        }
        long n = shape[0];
        long h = shape[shape.length - 2];
        long w = shape[shape.length - 1];
        if (n < 1 || n > maxItems) {
            throw ApiProblem.badRequest("input 'image' holds " + n + " images; a request takes 1 to " + maxItems);
        }
        // a bound on what is read here; the configured image limits apply to each image's PNG like to an upload
        ImageLimits limits = ImageLimits.DEFAULTS;
        if (h < 1 || w < 1 || h > limits.maxSide() || w > limits.maxSide() || h * w > limits.maxPixels()) {
            throw ApiProblem.badRequest("input 'image' has images of " + w + "x" + h + " pixels; each side must be 1 to "
                    + limits.maxSide() + " and each image at most " + limits.maxPixels() + " pixels");
        }
        int size = (int) (h * w);
        long elements = n * size;
        boolean fp32 = "FP32".equals(datatype);
        float[] values;
        if (binary != null) {
            long bytes = elements * (fp32 ? 4 : 1);
            if (binary.remaining() != bytes) {
                throw ApiProblem.badRequest("input 'image' of shape " + Arrays.toString(shape) + " and datatype "
                        + datatype + " needs " + bytes + " bytes of binary data; binary_data_size is " + binary.remaining());
            }
            values = new float[(int) elements];
            for (int i = 0; i < values.length; i++) {
                values[i] = fp32 ? binary.getFloat() : binary.get() & 0xff;
            }
        } else {
            JsonNode data = in.get("data");
            if (data == null) {
                throw ApiProblem.badRequest("input 'image' has no data (nor parameters.binary_data_size)");
            }
            List<JsonNode> flat = new ArrayList<>();
            flatten(data, flat, elements);
            if (flat.size() != elements) {
                throw ApiProblem.badRequest("input 'image' has shape " + Arrays.toString(shape) + " but " + flat.size()
                        + " elements; it needs " + elements);
            }
            values = new float[(int) elements];
            for (int i = 0; i < values.length; i++) {
                JsonNode v = flat.get(i);
                if (!v.isNumber() || (!fp32 && !v.isIntegralNumber())) {
                    throw ApiProblem.badRequest("input 'image' element " + i + " is " + v + "; " + datatype
                            + " elements in JSON are " + (fp32 ? "numbers" : "integers"));
                }
                values[i] = (float) v.asDouble();
            }
        }
        List<Object> images = new ArrayList<>();
        for (int image = 0; image < n; image++) {
            byte[] grey = new byte[size];
            for (int p = 0; p < size; p++) {
                int i = image * size + p;
                grey[p] = (byte) level(values[i], fp32, image, i);
            }
            images.add(new Pixels((int) h, (int) w, grey));
        }
        return images;
    }

    private static int level(float v, boolean fp32, int image, int element) {
        double level = fp32 ? Math.round(v * 255.0) : v;
        if (!(level >= 0 && level <= 255)) {
            throw ApiProblem.badRequest("input 'image' element " + element + " (image " + image + ") is " + v + "; "
                    + (fp32 ? "FP32 pixels are 0.0 to 1.0" : "UINT8 pixels are 0 to 255"));
        }
        return (int) level;
    }

    private static void flatten(JsonNode data, List<JsonNode> out, long limit) {
        if (out.size() > limit) {
            return;
        }
        if (data.isArray()) {
            for (JsonNode e : data) {
                flatten(e, out, limit);
            }
        } else {
            out.add(data);
        }
    }
}
