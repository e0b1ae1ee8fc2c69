package io.braid.common.image;

/**
 * The largest image Braid decodes, checked against the header before any decode: at the gateway
 * (400 at submit) and again in pre-processing (a typed {@code TOO_LARGE} error of that item), so a
 * record that reaches a stage by another way is refused the same.
 *
 * @param maxSide   most pixels on either side ({@code braid.images.max-side})
 * @param maxPixels most pixels in all ({@code braid.images.max-pixels})
 */
public record ImageLimits(int maxSide, long maxPixels) {
    public static final int DEFAULT_MAX_SIDE = 8192;
    public static final long DEFAULT_MAX_PIXELS = 16_777_216L;
    public static final ImageLimits DEFAULTS = new ImageLimits(DEFAULT_MAX_SIDE, DEFAULT_MAX_PIXELS);

    public ImageLimits {
        if (maxSide < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("image limits must be positive: max-side " + maxSide + ", max-pixels " + maxPixels);
        }
    }

    /** Why this image is too large, or null when it is within the limits. */
    public String violation(ImageHeader header) {
        if (header.width() > maxSide || header.height() > maxSide || header.pixels() > maxPixels) {
            return "image is " + header.dimensions() + " (" + header.pixels() + " pixels); the limit is " + maxSide
                    + " on a side and " + maxPixels + " pixels (braid.images.max-side, braid.images.max-pixels)";
        }
        return null;
    }
}
