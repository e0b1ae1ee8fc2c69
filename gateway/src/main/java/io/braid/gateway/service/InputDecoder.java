package io.braid.gateway.service;

import io.braid.common.wire.JobItem;
import io.braid.gateway.mapping.SubmitRequest;
import io.braid.gateway.rest.ApiProblem;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Turns the request's base64 images into raw job items, refusing what cannot work with a detail
 * that names the item: bad base64, not a PNG or JPEG, an unreadable image header, duplicate ids.
 * Only the header is read here; the full decode is the preprocess stage's work.
 */
public final class InputDecoder {
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    static {
        // in-memory image streams: with the cache on (the default) ImageIO writes every stream to a temp file
        ImageIO.setUseCache(false);
    }

    private InputDecoder() {
    }

    public static List<JobItem> decode(SubmitRequest request, int maxItems) {
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw ApiProblem.badRequest("'inputs' must be a non-empty array of {\"id\", \"image\"}");
        }
        if (request.inputs().size() > maxItems) {
            throw ApiProblem.badRequest("a job takes at most " + maxItems + " inputs, got " + request.inputs().size());
        }
        List<JobItem> items = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < request.inputs().size(); i++) {
            SubmitRequest.Input in = request.inputs().get(i);
            if (in == null) {
                throw ApiProblem.badRequest("inputs[" + i + "] is null");
            }
            String id = in.id() == null || in.id().isBlank() ? Integer.toString(i) : in.id();
            if (!ids.add(id)) {
                throw ApiProblem.badRequest("inputs[" + i + "].id '" + id + "' is used by another input");
            }
            if (in.image() == null || in.image().isEmpty()) {
                throw ApiProblem.badRequest("inputs[" + i + "].image is required (base64 PNG or JPEG)");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(WHITESPACE.matcher(stripDataUrl(in.image())).replaceAll(""));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("inputs[" + i + "].image is not valid base64: " + e.getMessage());
            }
            items.add(new JobItem(id, contentType(bytes, i), bytes));
        }
        return items;
    }

    private static String stripDataUrl(String s) {
        int comma = s.startsWith("data:") ? s.indexOf(',') : -1;
        return comma >= 0 ? s.substring(comma + 1) : s;
    }

    static String contentType(byte[] b, int index) {
        String type;
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            type = "image/png";
        } else if (b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            type = "image/jpeg";
        } else {
            throw ApiProblem.badRequest("inputs[" + index + "].image is not a PNG or JPEG image");
        }
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw ApiProblem.badRequest("inputs[" + index + "].image: no decoder for " + type);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream);
                if (reader.getWidth(0) < 1 || reader.getHeight(0) < 1) {
                    throw ApiProblem.badRequest("inputs[" + index + "].image has no pixels");
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiProblem p) {
                throw p;
            }
            throw ApiProblem.badRequest("inputs[" + index + "].image is not a decodable " + type + ": " + e.getMessage());
        }
        return type;
    }
}
