package io.braid.common.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.braid.common.payload.Payload;
import io.braid.common.payload.PayloadKind;
import io.braid.common.wire.ErrorCode;
import io.braid.common.wire.Json;
import io.braid.common.wire.TaskException;

import java.io.IOException;

/**
 * The fields a template sees for one item: {@code text} for a text item; for a JSON object its own fields and
 * {@code json} (the whole document); for a JSON array only {@code json}.
 */
public final class ItemFields {
    private ItemFields() {
    }

    public static ObjectNode of(Payload item) {
        ObjectNode fields = Json.MAPPER.createObjectNode();
        if (item.kind() == PayloadKind.TEXT) {
            fields.put("text", item.string());
            return fields;
        }
        JsonNode doc = parse(item);
        if (doc.isObject()) {
            fields.setAll((ObjectNode) doc);
        }
        fields.set("json", doc);
        return fields;
    }

    /** A JSON payload's document; a typed {@code BAD_INPUT} error when it is not JSON. */
    public static JsonNode parse(Payload item) {
        try {
            return Json.MAPPER.readTree(item.bytes());
        } catch (IOException e) {
            throw new TaskException(ErrorCode.BAD_INPUT, "the item is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** A template rendered over an item; a missing field is the item's typed {@code BAD_INPUT} error. */
    public static String render(Template template, Payload item) {
        try {
            return template.render(of(item));
        } catch (IllegalArgumentException e) {
            throw new TaskException(ErrorCode.BAD_INPUT, e.getMessage(), e);
        }
    }
}
