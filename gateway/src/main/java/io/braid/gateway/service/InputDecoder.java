package io.braid.gateway.service;

import io.braid.common.image.ImageHeader;
import io.braid.common.image.ImageLimits;
import io.braid.common.payload.PayloadKind;
import io.braid.common.tensor.TensorCodec;
import io.braid.common.wire.JobItem;
import io.braid.gateway.mapping.SubmitRequest;
import io.braid.gateway.payload.JsonPayload;
import io.braid.gateway.payload.PayloadLimits;
import io.braid.gateway.payload.TensorPayload;
import io.braid.gateway.payload.TextPayload;
import io.braid.gateway.rest.ApiProblem;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the request's inputs into raw job items of the pipeline's input kind ({@link PayloadKind}), refusing what
 * cannot work with a detail that names the item: a payload field other than the pipeline's (or more than one),
 * duplicate ids, and per kind: for images bad base64, not a PNG or JPEG, an unreadable image header, an image larger
 * than the limits (its size read from the header: a pixel bomb costs microseconds here); for text, JSON and tensors
 * what {@link TextPayload}, {@link JsonPayload} and {@link TensorPayload} check. Only an image's header is read here;
 * the full decode is the preprocess stage's work. No item carries base64: each is the payload's raw bytes.
 */
public final class InputDecoder {
    /** Longest input id. */
    public static final int MAX_ID_LENGTH = 256;
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private InputDecoder() {
    }

    public static List<JobItem> decode(SubmitRequest request, String pipeline, PayloadKind kind, int maxItems,
                                       PayloadLimits limits) {
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw ApiProblem.badRequest("'inputs' must be a non-empty array of " + shape(kind));
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
            checkPayloadField(in, i, pipeline, kind);
            String field = "inputs[" + i + "]." + kind.apiName();
            items.add(switch (kind) {
                case IMAGE -> image(in.image(), i, id, limits);
                case TEXT -> new JobItem(id, kind.contentType(), TextPayload.utf8(in.text(), field, limits.maxTextBytes()));
                case JSON -> new JobItem(id, kind.contentType(), JsonPayload.bytes(in.json(), field, limits.maxJsonBytes()));
                case TENSOR -> new JobItem(id, kind.contentType(), TensorCodec.encode(TensorPayload.fromJson(field,
                        in.tensor().datatype(), in.tensor().shape(), in.tensor().data(), limits.maxTensorElements())));
            });
        }
        return items;
    }

    /** What an input of {@code kind} looks like: {@code {"id", "text"}}. */
    public static String shape(PayloadKind kind) {
        return "{\"id\", \"" + kind.apiName() + "\"}";
    }

    /** 400 unless the input carries exactly one payload field, the one of the pipeline's kind. */
    private static void checkPayloadField(SubmitRequest.Input in, int i, String pipeline, PayloadKind kind) {
        List<String> present = new ArrayList<>();
        if (in.image() != null) {
            present.add("image");
        }
        if (in.text() != null) {
            present.add("text");
        }
        if (in.json() != null) {
            present.add("json");
        }
        if (in.tensor() != null) {
            present.add("tensor");
        }
        String takes = "pipeline '" + pipeline + "' takes " + kind.apiName() + " inputs: " + shape(kind);
        if (present.size() > 1) {
            throw ApiProblem.badRequest("inputs[" + i + "] has \"" + String.join("\" and \"", present)
                    + "\"; an input carries one payload, and " + takes);
        }
        if (present.isEmpty() || (kind == PayloadKind.IMAGE && in.image() != null && in.image().isEmpty())) {
            throw ApiProblem.badRequest("inputs[" + i + "]." + kind.apiName() + " is required" + (kind == PayloadKind.IMAGE
                    ? " (base64 PNG or JPEG)" : "") + ": " + takes);
        }
        if (!present.get(0).equals(kind.apiName())) {
            throw ApiProblem.badRequest("inputs[" + i + "] has \"" + present.get(0) + "\" but " + takes);
        }
    }

    private static JobItem image(String base64, int i, String id, PayloadLimits limits) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(WHITESPACE.matcher(stripDataUrl(base64)).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("inputs[" + i + "].image is not valid base64: " + e.getMessage());
        }
        return new JobItem(id, contentType(bytes, i, id, limits.images()), bytes);
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
