package io.braid.common.image;

/**
 * What an encoded image declares about itself, read from its header without decoding any pixel:
 * the PNG {@code IHDR} chunk, or the JPEG start-of-frame ({@code SOFn}) segment. A pixel bomb (a few
 * hundred kilobytes declaring 20000×20000 pixels) is recognised here in microseconds.
 *
 * @param format        {@code png} or {@code jpeg}
 * @param width         pixels per row
 * @param height        rows
 * @param bytesPerPixel bytes per pixel of the decoded raster (channels × bytes per sample)
 */
public record ImageHeader(String format, int width, int height, int bytesPerPixel) {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** Pixels the image decodes to. */
    public long pixels() {
        return (long) width * height;
    }

    /** {@code 640x480}. */
    public String dimensions() {
        return width + "x" + height;
    }

    /**
     * Reads the header of a PNG or JPEG.
     *
     * @throws IllegalArgumentException saying what is wrong when the bytes are not a PNG or JPEG with a readable header
     */
    public static ImageHeader read(byte[] b) {
        if (b == null) {
            throw new IllegalArgumentException("no image bytes");
        }
        if (startsWith(b, PNG_SIGNATURE)) {
            return png(b);
        }
        if (b.length > 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
            return jpeg(b);
        }
        throw new IllegalArgumentException("not a PNG or JPEG image (" + b.length + " bytes)");
    }

    private static ImageHeader png(byte[] b) {
        // signature (8) | length (4) | "IHDR" | width (4) | height (4) | bit depth | colour type | ...
        if (b.length < 8 + 8 + 13 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw new IllegalArgumentException("PNG without an IHDR chunk first (" + b.length + " bytes)");
        }
        long width = u32(b, 16);
        long height = u32(b, 20);
        int depth = u8(b, 24);
        int channels = switch (u8(b, 25)) {
            case 0, 3 -> 1; // gray, palette (decoded to one index per pixel, or expanded below)
            case 2 -> 3;    // RGB
            case 4 -> 2;    // gray + alpha
            case 6 -> 4;    // RGBA
            default -> throw new IllegalArgumentException("PNG with unknown colour type " + u8(b, 25));
        };
        if (u8(b, 25) == 3) {
            channels = 4; // a palette image is read back as colours
        }
        return checked("png", width, height, channels * Math.max(1, depth / 8));
    }

    private static ImageHeader jpeg(byte[] b) {
        int i = 2;
        while (i + 3 < b.length) {
            if (u8(b, i) != 0xFF) {
                throw new IllegalArgumentException("JPEG with a bad marker at byte " + i);
            }
            int marker = u8(b, i + 1);
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // no length
                i += 2;
                continue;
            }
            int length = (u8(b, i + 2) << 8) | u8(b, i + 3);
            if (length < 2) {
                throw new IllegalArgumentException("JPEG segment with length " + length + " at byte " + i);
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                // length (2) | precision | height (2) | width (2) | components
                if (i + 9 >= b.length) {
                    break;
                }
                int precision = u8(b, i + 4);
                int height = (u8(b, i + 5) << 8) | u8(b, i + 6);
                int width = (u8(b, i + 7) << 8) | u8(b, i + 8);
                int components = u8(b, i + 9);
                if (height == 0) {
                    throw new IllegalArgumentException("JPEG whose height is declared after the scan (DNL) is not supported");
                }
                return checked("jpeg", width, height, Math.max(1, components) * (precision > 8 ? 2 : 1));
            }
            if (marker == 0xDA || marker == 0xD9) {
                break; // start of scan or end of image before any frame header
            }
            i += 2 + length;
        }
        throw new IllegalArgumentException("JPEG without a frame header (SOF) before its data (" + b.length + " bytes)");
    }

    private static ImageHeader checked(String format, long width, long height, int bytesPerPixel) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException(format.toUpperCase() + " declares " + width + "x" + height + " pixels: no pixels");
        }
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(format.toUpperCase() + " declares " + width + "x" + height + " pixels");
        }
        return new ImageHeader(format, (int) width, (int) height, bytesPerPixel);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static long u32(byte[] b, int i) {
        return ((long) u8(b, i) << 24) | ((long) u8(b, i + 1) << 16) | ((long) u8(b, i + 2) << 8) | u8(b, i + 3);
    }
}
