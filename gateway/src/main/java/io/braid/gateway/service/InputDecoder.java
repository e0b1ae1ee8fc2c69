package io.braid.gateway.service;

import io.braid.common.image.ImageHeader;
import io.braid.common.image.ImageLimits;
import io.braid.common.wire.JobItem;
import io.braid.gateway.mapping.SubmitRequest;
import io.braid.gateway.rest.ApiProblem;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the request's base64 images into raw job items, refusing what cannot work with a detail
 * that names the item: bad base64, not a PNG or JPEG, an unreadable image header, an image larger
 * than the limits (its size read from the header: a pixel bomb costs microseconds here), duplicate ids.
 * Only the header is read here; the full decode is the preprocess stage's work.
 */
public final class InputDecoder {
    /** Longest input id. */
    public static final int MAX_ID_LENGTH = 256;
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private InputDecoder() {
    }

    public static List<JobItem> decode(SubmitRequest request, int maxItems, ImageLimits limits) {
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
            if (id.length() > MAX_ID_LENGTH) {
                throw ApiProblem.badRequest("inputs[" + i + "].id is " + id.length() + " characters; the limit is "
                        + MAX_ID_LENGTH);
            }
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
            items.add(new JobItem(id, contentType(bytes, i, id, limits), bytes));
        }
        return items;
    }

    private static String stripDataUrl(String s) {
        int comma = s.startsWith("data:") ? s.indexOf(',') : -1;
        return comma >= 0 ? s.substring(comma + 1) : s;
    }

    public static String contentType(byte[] b, int index, String id, ImageLimits limits) {
        ImageHeader header;
        try {
            header = ImageHeader.read(b);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage().startsWith("not a PNG or JPEG")
                    ? "inputs[" + index + "].image is " + e.getMessage() + ", id '" + id + "'"
                    : "inputs[" + index + "].image (id '" + id + "') has no readable header: " + e.getMessage());
        }
        String violation = limits.violation(header);
        if (violation != null) {
            throw ApiProblem.badRequest("inputs[" + index + "].image (id '" + id + "'): " + violation);
        }
        return "image/" + header.format();
    }
}
