package io.braid.gateway.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.braid.gateway.rest.ApiProblem;

import java.util.Locale;

/**
 * A JSON input: an object or an array, carried as its compact UTF-8 serialisation. Numbers keep every digit the
 * client sent ({@link ExactJsonDeserializer}). Its depth is bounded by the parser's nesting limit for the whole body
 * (Jackson's {@code StreamReadConstraints}, 1000 levels): a deeper body is refused as a whole with 400.
 */
public final class JsonPayload {
    /** Writes JSON trees as they are: compact, null members kept. */
    private static final ObjectMapper WRITER = new ObjectMapper();

    private JsonPayload() {
    }

    /** The compact UTF-8 bytes of {@code value}, or 400 naming {@code field}: not an object or array, too large. */
    public static byte[] bytes(JsonNode value, String field, int maxBytes) {
        if (!value.isContainerNode()) {
            throw ApiProblem.badRequest(field + " must be a JSON object or array, got "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT) + " (a bare string, number, boolean or null"
                    + " is not accepted: wrap it, e.g. {\"value\": ...})");
        }
        byte[] bytes;
        try {
            bytes = WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest(field + " cannot be written back as JSON: " + e.getOriginalMessage());
        }
        if (bytes.length > maxBytes) {
            throw ApiProblem.badRequest(field + " is " + bytes.length + " bytes as compact JSON; the limit is " + maxBytes
                    + " (braid.gateway.inputs.max-json-bytes)");
        }
        return bytes;
    }
}
