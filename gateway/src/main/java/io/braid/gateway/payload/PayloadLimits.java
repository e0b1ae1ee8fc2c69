package io.braid.gateway.payload;

import io.braid.common.image.ImageLimits;
import io.braid.gateway.config.GatewayConfig;

/**
 * The bounds of one input of each payload kind: images by their header ({@code braid.images}), text and JSON by
 * their UTF-8 bytes, tensors by their elements ({@code braid.gateway.inputs}).
 */
public record PayloadLimits(ImageLimits images, int maxTextBytes, int maxJsonBytes, long maxTensorElements) {

    public static PayloadLimits of(GatewayConfig config) {
        GatewayConfig.Inputs inputs = config.gateway().inputs();
        return new PayloadLimits(new ImageLimits(config.images().maxSide(), config.images().maxPixels()),
                inputs.maxTextBytes(), inputs.maxJsonBytes(), inputs.maxTensorElements());
    }
}
